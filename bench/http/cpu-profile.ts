import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withScratchDatabase } from '../common/scratch-database.js';
import { type LoadSummary, runLoad, sendEach } from './load-test.js';
import { type LucentServer, startLucent } from './lucent-server.js';
import { type OrthancPeer, startOrthancPeer } from './orthanc-peer.js';
import type { RequestSpec } from './rotation.js';
import { lucentPhaseEnvironment } from './run-http-bench.js';
import {
  machineTicks,
  minorFaults,
  processTicksByName,
  threadDelta,
  threadTicks,
  tickMilliseconds,
  waitUntilQuiet,
} from './thread-cpu.js';
import { type Dataset, type DatasetId, datasetIds, generateDataset } from './workload-data.js';
import {
  type ImageKind,
  imageKinds,
  lucentImageRequest,
  lucentQido,
  orthancImageRequest,
  orthancQido,
  studyQueries,
} from './workloads.js';

const usage = `Usage: pnpm bench:cpu --dataset <id> --case <kind> [--cold|--warm] [--duration <s>] [--connections <n>]
                      [--instances <n>] [--postgres <url>] [--redis <url>] [--env K=V,…] [--no-orthanc]
                      [--variants <K=V,…;K=V,…>] [--rounds <n>] [--perf <file>]
                      [--save-logs <dir>]
Where each request's CPU goes, for one case: runs autocannon against Lucent (and Orthanc) and
reads /proc before and after — Lucent's main thread, its busiest other threads (the engine
workers), PostgreSQL, Redis, the load generator, and Orthanc — in CPU milliseconds per request.
  --dataset  ${datasetIds.join(', ')}
  --case     ${imageKinds.join(', ')}, qido
  --cold     caches off, as the http bench's cold phase (default); --warm fills them first
  --env      extra environment for Lucent, e.g. FRAME_CACHE_MAX_BYTES=1
  --variants environments to compare, separated by ';' (an empty one is the base): Lucent restarts
             with each in turn on the same data, --rounds times, and the medians are printed.
             Single runs on a shared VM vary by ±20%: compare interleaved rounds, not one run each.
             LUCENT_BENCH_NODE_ARGS=… in a variant adds Node flags for that variant's server.
  --perf     also record Lucent's threads with \`perf record -e cpu-clock -g\` into <file> during its load
             (with LUCENT_BENCH_NODE_ARGS=--perf-basic-prof, JavaScript frames get names)
  --save-logs copy each Lucent's log (stdout and stderr, e.g. --trace-gc output) into <dir>
Extra Node.js flags for Lucent (e.g. --cpu-prof) go in LUCENT_BENCH_NODE_ARGS.`;

type CaseKind = ImageKind | 'qido';

interface CpuSample {
  lucentThreads: Map<number, number>;
  lucentFaults: number;
  postgres: number;
  redis: number;
  orthanc: Map<number, number>;
  self: NodeJS.CpuUsage;
  machine: { busy: number; all: number };
}

async function sample(lucentPid: number, orthancPid: number | undefined): Promise<CpuSample> {
  return {
    lucentThreads: await threadTicks(lucentPid),
    lucentFaults: await minorFaults(lucentPid),
    postgres: await processTicksByName(['postgres']),
    redis: await processTicksByName(['redis-server']),
    orthanc: orthancPid === undefined ? new Map() : await threadTicks(orthancPid),
    self: process.cpuUsage(),
    machine: await machineTicks(),
  };
}

function sumDelta(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const [tid, ticks] of after) sum += ticks - (before.get(tid) ?? 0);
  return sum;
}

function report(
  label: string,
  summary: LoadSummary,
  rows: [string, number][],
  machine: { busy: number; all: number },
): string {
  const requests = summary.ok + summary.non2xx;
  const perRequest = (ms: number) => (requests === 0 ? Number.NaN : ms / requests);
  const lines = [
    `${label}: ${summary.requestsPerSecond.toFixed(0)} req/s, p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms` +
      `${summary.non2xx + summary.errors > 0 ? `, ${summary.non2xx} non-2xx, ${summary.errors} errors` : ''}; ` +
      `machine busy ${((100 * machine.busy) / Math.max(1, machine.all)).toFixed(0)}%`,
  ];
  for (const [name, value] of rows) {
    const unit = name.endsWith('(count)') ? '/request' : ' ms/request';
    lines.push(`  ${name.replace(' (count)', '').padEnd(32)} ${perRequest(value).toFixed(3).padStart(8)}${unit}`);
  }
  return lines.join('\n');
}

/** `perf record` of one process until stopped (SIGINT makes perf write its file). */
function recordPerf(pid: number, file: string): () => Promise<void> {
  const perf = spawn('perf', ['record', '-e', 'cpu-clock', '-F', '999', '-g', '-p', String(pid), '-o', file], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => {
    perf.once('exit', () => resolve());
    perf.once('error', (error) => {
      console.error(`perf: ${error.message}`);
      resolve();
    });
  });
  return async () => {
    perf.kill('SIGINT');
    await exited;
  };
}

async function measure(
  origin: string,
  requests: RequestSpec[],
  options: { connections: number; duration: number; perf?: { pid: number; file: string } },
  pids: { lucent: number; orthanc: number | undefined },
): Promise<{ summary: LoadSummary; before: CpuSample; after: CpuSample }> {
  const stopPerf = options.perf === undefined ? undefined : recordPerf(options.perf.pid, options.perf.file);
  const before = await sample(pids.lucent, pids.orthanc);
  const summary = await runLoad({
    origin,
    requests,
    connections: options.connections,
    durationSeconds: options.duration,
  });
  const after = await sample(pids.lucent, pids.orthanc);
  await stopPerf?.();
  return { summary, before, after };
}

function lucentRequests(kind: CaseKind, dataset: Dataset, headers: Record<string, string>): RequestSpec[] {
  const withAuth = (spec: RequestSpec): RequestSpec => ({ ...spec, headers: { ...spec.headers, ...headers } });
  if (kind === 'qido') return studyQueries([dataset]).map((query) => withAuth(lucentQido(query)));
  return dataset.instances.map((instance) => withAuth(lucentImageRequest(kind, dataset, instance)));
}

function orthancRequests(kind: CaseKind, dataset: Dataset, orthanc: OrthancPeer): RequestSpec[] | undefined {
  if (kind === 'qido') return studyQueries([dataset]).map(orthancQido);
  const ids = dataset.instances.map((instance) => orthanc.instanceIds.get(instance.sopInstanceUid));
  return ids.every((id): id is string => id !== undefined)
    ? ids.map((id) => orthancImageRequest(kind, dataset, id))
    : undefined;
}

interface Settings {
  dataset: DatasetId;
  kind: CaseKind;
  warm: boolean;
  duration: number;
  connections: number;
  instances: number;
  orthanc: boolean;
  perf: string | undefined;
  /** Environments to compare (each on top of the base); one empty variant when there is nothing to compare. */
  variants: Record<string, string>[];
  rounds: number;
  /** A directory to copy each server's log into (the data directory is removed afterwards). */
  saveLogs: string | undefined;
}

const selfMilliseconds = (run: { before: CpuSample; after: CpuSample }) =>
  (run.after.self.user - run.before.self.user + run.after.self.system - run.before.self.system) / 1000;

const machineDelta = (run: { before: CpuSample; after: CpuSample }) => ({
  busy: run.after.machine.busy - run.before.machine.busy,
  all: run.after.machine.all - run.before.machine.all,
});

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const describeVariant = (variant: Record<string, string>) =>
  Object.keys(variant).length === 0
    ? '(base)'
    : Object.entries(variant)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');

/** One Lucent start with `variant`'s environment on the shared data: measure once, print, stop. */
async function measureLucent(
  settings: Settings,
  dataDirectory: string,
  environment: Record<string, string>,
  label: string,
  requestsOf: (lucent: LucentServer) => RequestSpec[],
  perf: string | undefined,
): Promise<{ perRequest: number; requestsPerSecond: number; p99: number }> {
  // Node flags that NODE_OPTIONS refuses (e.g. --single-threaded-gc) vary through LUCENT_BENCH_NODE_ARGS.
  const { LUCENT_BENCH_NODE_ARGS: nodeArgs, ...serverEnvironment } = environment;
  const inherited = process.env.LUCENT_BENCH_NODE_ARGS;
  if (nodeArgs !== undefined) process.env.LUCENT_BENCH_NODE_ARGS = `${inherited ?? ''} ${nodeArgs}`;
  const lucent = await startLucent('source', dataDirectory, serverEnvironment).finally(() => {
    if (inherited === undefined) delete process.env.LUCENT_BENCH_NODE_ARGS;
    else process.env.LUCENT_BENCH_NODE_ARGS = inherited;
  });
  try {
    const requests = requestsOf(lucent);
    const probe = await sendEach(lucent.origin, settings.warm ? requests : requests.slice(0, 1), 4);
    if (probe.statuses.some((status) => status !== 200)) throw new Error(`Lucent answered ${probe.statuses.join(',')}`);
    if (lucent.pid === undefined) throw new Error('no Lucent pid');
    const ms = tickMilliseconds();
    const options = { connections: settings.connections, duration: settings.duration };
    // One second of the same load first, not measured (as the http bench's warm-up).
    await runLoad({ origin: lucent.origin, requests, connections: settings.connections, durationSeconds: 1 });
    const run = await measure(
      lucent.origin,
      requests,
      perf === undefined ? options : { ...options, perf: { pid: lucent.pid, file: perf } },
      { lucent: lucent.pid, orthanc: undefined },
    );
    const threads = threadDelta(lucent.pid, run.before.lucentThreads, run.after.lucentThreads);
    const shown = 6;
    const all = threads.main + threads.others.reduce((sum, ticks) => sum + ticks, 0);
    const rest = threads.others.slice(shown).reduce((sum, ticks) => sum + ticks, 0);
    console.log(
      report(
        `Lucent ${settings.dataset}/${settings.kind}/${settings.warm ? 'warm' : 'cold'} ${label}`,
        run.summary,
        [
          ['Lucent (all threads)', all * ms],
          ['Lucent main thread', threads.main * ms],
          ...threads.others
            .slice(0, shown)
            .map((ticks, index): [string, number] => [`Lucent thread #${index + 1} by CPU`, ticks * ms]),
          [`Lucent ${Math.max(0, threads.others.length - shown)} other threads`, rest * ms],
          ['Lucent minor page faults (count)', run.after.lucentFaults - run.before.lucentFaults],
          ['PostgreSQL', (run.after.postgres - run.before.postgres) * ms],
          ['Redis', (run.after.redis - run.before.redis) * ms],
          ['load generator (this process)', selfMilliseconds(run)],
        ],
        machineDelta(run),
      ),
    );
    const requestsDone = run.summary.ok + run.summary.non2xx;
    return {
      perRequest: (all * ms) / Math.max(1, requestsDone),
      requestsPerSecond: run.summary.requestsPerSecond,
      p99: run.summary.latencyMs.p99,
    };
  } finally {
    await lucent.stop();
    if (settings.saveLogs !== undefined) {
      const target = join(settings.saveLogs, `lucent-${Date.now()}.log`);
      await copyFile(lucent.logFile, target);
      console.log(`  server log: ${target}`);
    }
  }
}

async function profile(settings: Settings, base: Record<string, string>): Promise<void> {
  const log = (line: string) => console.error(line);
  const dataset = await generateDataset(settings.dataset, {
    instances: settings.instances,
    instancesPerStudy: 3,
    distinctFrames: settings.dataset === 'j2k-1024' ? Math.min(8, settings.instances) : settings.instances,
    seed: 1000,
  });
  const runId = new Date().toISOString().replaceAll(/[^0-9]/g, '');
  const phase = lucentPhaseEnvironment(base, settings.warm ? 'warm' : 'cold', runId);
  const dataDirectory = await mkdtemp(join(tmpdir(), 'lucent-bench-cpu-'));
  const orthancPeer = settings.orthanc ? await startOrthancPeer() : undefined;
  const orthanc = orthancPeer === undefined || 'unavailable' in orthancPeer ? undefined : orthancPeer;
  if (orthancPeer !== undefined && 'unavailable' in orthancPeer) log(`Orthanc unavailable: ${orthancPeer.unavailable}`);
  try {
    const loader = await startLucent('source', dataDirectory, phase);
    try {
      const uploaded = await loader.upload(
        dataset.instances.map((instance) => instance.bytes),
        settings.connections,
      );
      if (uploaded.summary.failed > 0) throw new Error(`Lucent ingest failed: ${uploaded.summary.firstFailure}`);
      // Let the work that follows an upload (decoded J2K copies, thumbnails) finish before stopping.
      if (loader.pid !== undefined) await waitUntilQuiet(loader.pid);
    } finally {
      await loader.stop();
    }
    if (orthanc !== undefined) await orthanc.upload(dataset.instances, settings.connections);
    const results = settings.variants.map(() => ({
      perRequest: [] as number[],
      requestsPerSecond: [] as number[],
      p99: [] as number[],
    }));
    for (let round = 0; round < settings.rounds; round++) {
      for (const [index, variant] of settings.variants.entries()) {
        console.log(`\nround ${round + 1}, variant ${describeVariant(variant)}`);
        const result = await measureLucent(
          settings,
          dataDirectory,
          { ...phase, ...variant },
          describeVariant(variant),
          (lucent) => lucentRequests(settings.kind, dataset, lucent.headers),
          round === 0 && index === 0 ? settings.perf : undefined,
        );
        results[index]?.perRequest.push(result.perRequest);
        results[index]?.requestsPerSecond.push(result.requestsPerSecond);
        results[index]?.p99.push(result.p99);
      }
    }
    if (settings.variants.length > 1 || settings.rounds > 1) {
      const runs = (values: number[], digits: number) => values.map((v) => v.toFixed(digits)).join(' ');
      for (const [index, variant] of settings.variants.entries()) {
        const result = results[index];
        if (result === undefined) continue;
        console.log(
          `\n${describeVariant(variant)}\n` +
            `  CPU ms/request  median ${median(result.perRequest).toFixed(3)}  runs ${runs(result.perRequest, 2)}\n` +
            `  req/s           median ${median(result.requestsPerSecond).toFixed(0)}  runs ${runs(result.requestsPerSecond, 0)}\n` +
            `  p99 ms          median ${median(result.p99).toFixed(1)}  runs ${runs(result.p99, 0)}`,
        );
      }
    }
    if (orthanc !== undefined && orthanc.pid !== undefined) {
      const requests = orthancRequests(settings.kind, dataset, orthanc);
      if (requests !== undefined) {
        const options = { connections: settings.connections, duration: settings.duration };
        const run = await measure(orthanc.origin, requests, options, { lucent: orthanc.pid, orthanc: orthanc.pid });
        console.log(
          report(
            'Orthanc',
            run.summary,
            [
              ['Orthanc (all threads)', sumDelta(run.before.orthanc, run.after.orthanc) * tickMilliseconds()],
              ['load generator (this process)', selfMilliseconds(run)],
            ],
            machineDelta(run),
          ),
        );
      }
    }
  } finally {
    if (orthanc !== undefined) await orthanc.stop();
    await rm(dataDirectory, { recursive: true, force: true });
  }
}

function environmentList(text: string): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const pair of text.split(',').filter((part) => part !== '')) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`environment settings are K=V pairs, got ${pair}`);
    environment[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return environment;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      case: { type: 'string' },
      cold: { type: 'boolean', default: false },
      warm: { type: 'boolean', default: false },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '8' },
      instances: { type: 'string', default: '24' },
      postgres: { type: 'string' },
      redis: { type: 'string' },
      env: { type: 'string', default: '' },
      variants: { type: 'string' },
      rounds: { type: 'string', default: '1' },
      'no-orthanc': { type: 'boolean', default: false },
      perf: { type: 'string' },
      'save-logs': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const kinds: readonly string[] = [...imageKinds, 'qido'];
  const numbers = [values.duration, values.connections, values.instances, values.rounds].map(Number);
  if (
    values.help ||
    !(datasetIds as readonly string[]).includes(values.dataset ?? '') ||
    !kinds.includes(values.case ?? '') ||
    (values.cold && values.warm) ||
    !numbers.every((n) => Number.isInteger(n) && n > 0)
  ) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  // Each round restarts Lucent and signs in again: more sign-ins a minute than the default allows.
  const environment: Record<string, string> = { LOGIN_ATTEMPTS_PER_MINUTE: '1000', ...environmentList(values.env) };
  if (values.redis !== undefined) environment.REDIS_URL = values.redis;
  const [duration, connections, instances, rounds] = numbers as [number, number, number, number];
  const settings: Settings = {
    dataset: values.dataset as DatasetId,
    kind: values.case as CaseKind,
    warm: values.warm,
    duration,
    connections,
    instances,
    orthanc: !values['no-orthanc'],
    perf: values.perf,
    variants: values.variants === undefined ? [{}] : values.variants.split(';').map(environmentList),
    rounds,
    saveLogs: values['save-logs'],
  };
  if (values.postgres === undefined) await profile(settings, environment);
  else
    await withScratchDatabase(values.postgres, `lucent_cpu_${Date.now()}`, (url) =>
      profile(settings, { ...environment, DATABASE_URL: url }),
    );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
