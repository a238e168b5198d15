import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCaseRunner, errorMessage } from './case-runner.js';
import { imageCases } from './image-cases.js';
import { type LucentBuild, type LucentServer, lucentUnavailable, startLucent } from './lucent-server.js';
import { type OrthancPeer, startOrthancPeer } from './orthanc-peer.js';
import { describeEnvironment, type HttpBenchReport, type IngestResult } from './report.js';
import { searchCases } from './search-cases.js';
import { type CaseResult, evaluateTargets, observeTargets } from './targets.js';
import { waitUntilQuiet } from './thread-cpu.js';
import { type Dataset, type DatasetId, generateDataset } from './workload-data.js';

export interface HttpBenchOptions {
  quick: boolean;
  connections: number;
  durationSeconds: number;
  /** Unmeasured load before each measured run (seconds). */
  warmupSeconds: number;
  instancesPerDataset: number;
  datasets: readonly DatasetId[];
  /** Run only cases whose id contains one of these strings. */
  only?: readonly string[];
  lucentBuild: LucentBuild;
  /** Extra environment for Lucent (DATABASE_URL, REDIS_URL to leave the embedded defaults). */
  lucentEnvironment: Record<string, string>;
  log: (line: string) => void;
}

/**
 * Lucent with every cache off: no render cache, a one-byte decoded-frame cache, no thumbnails
 * pre-rendered at ingest. Cold cases run against this, so each request decodes and renders.
 */
export const coldLucentEnvironment = {
  RENDER_CACHE_MAX_BYTES: '1',
  RENDER_CACHE_MAX_ITEM_BYTES: '1',
  FRAME_CACHE_MAX_BYTES: '1',
  PRERENDER_THUMBNAILS: 'false',
} as const;

/**
 * Lucent's environment for a phase of the run. With Redis, each phase gets its own key prefix so
 * the cold phase cannot hit images cached by the warm one (or by an earlier run).
 */
export function lucentPhaseEnvironment(
  base: Record<string, string>,
  phase: 'warm' | 'cold',
  runId: string,
): Record<string, string> {
  const prefix = base.REDIS_URL === undefined ? {} : { REDIS_KEY_PREFIX: `lucent-bench-${runId}-${phase}:` };
  return { ...base, ...prefix, ...(phase === 'cold' ? coldLucentEnvironment : {}) };
}

type Startable<T> = T | { unavailable: string };

async function generateDatasets(options: HttpBenchOptions): Promise<Dataset[]> {
  const datasets: Dataset[] = [];
  for (const [index, id] of options.datasets.entries()) {
    datasets.push(
      await generateDataset(id, {
        instances: options.instancesPerDataset,
        instancesPerStudy: 3,
        // JPEG 2000 encoding is slow: reuse eight distinct frames (each instance is still distinct).
        distinctFrames: id === 'j2k-1024' ? Math.min(8, options.instancesPerDataset) : options.instancesPerDataset,
        seed: 1000 * (index + 1),
      }),
    );
  }
  return datasets;
}

async function startLucentSide(
  options: HttpBenchOptions,
  dataDirectory: string,
  environment: Record<string, string>,
): Promise<Startable<LucentServer>> {
  const unavailable = await lucentUnavailable(options.lucentBuild);
  if (unavailable !== undefined) return { unavailable };
  return startLucent(options.lucentBuild, dataDirectory, environment).catch((error) => ({
    unavailable: `did not start: ${errorMessage(error)}`,
  }));
}

/** The same files into both servers, one file a request, `connections` at a time. */
async function ingestAll(
  datasets: readonly Dataset[],
  lucent: Startable<LucentServer>,
  orthanc: Startable<OrthancPeer>,
  options: HttpBenchOptions,
  errors: HttpBenchReport['errors'],
): Promise<IngestResult[]> {
  const rows: IngestResult[] = [];
  for (const dataset of datasets) {
    const row: IngestResult = { dataset: dataset.id };
    if (!('unavailable' in orthanc)) {
      const { summary } = await orthanc.upload(dataset.instances, options.connections);
      row.orthanc = summary;
      options.log(`  ingest ${dataset.id} Orthanc: ${summary.instancesPerSecond.toFixed(1)} inst/s`);
      if (summary.failed > 0)
        errors.push({ case: `ingest/${dataset.id} (Orthanc)`, message: summary.firstFailure ?? '' });
    }
    if (!('unavailable' in lucent)) {
      const { summary } = await lucent.upload(
        dataset.instances.map((instance) => instance.bytes),
        options.connections,
      );
      row.lucent = summary;
      options.log(`  ingest ${dataset.id} Lucent: ${summary.instancesPerSecond.toFixed(1)} inst/s`);
      if (summary.failed > 0)
        errors.push({ case: `ingest/${dataset.id} (Lucent)`, message: summary.firstFailure ?? '' });
    }
    rows.push(row);
  }
  return rows;
}

/**
 * The whole HTTP bench: generate the datasets, start Orthanc and Lucent, ingest the same files
 * into both, run the warm image cases, searches and metadata, restart Lucent with its caches off
 * for the cold image cases, stop both, and judge the targets.
 */
export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchReport> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg();
  const { log } = options;
  const wanted = (id: string) => options.only === undefined || options.only.some((part) => id.includes(part));
  const skipped: HttpBenchReport['skipped'] = [];
  const errors: HttpBenchReport['errors'] = [];
  const cases: CaseResult[] = [];
  let lucentHeaders: Record<string, string> = {};
  const runCase = createCaseRunner({ ...options, skipped, errors, lucentHeaders: () => lucentHeaders });

  log(`Generating ${options.datasets.length} datasets × ${options.instancesPerDataset} instances…`);
  const datasets = await generateDatasets(options);

  const orthanc = await startOrthancPeer();
  log('unavailable' in orthanc ? `Peer unavailable: ${orthanc.unavailable}` : `Orthanc at ${orthanc.origin}`);
  const dataDirectory = await mkdtemp(join(tmpdir(), 'lucent-bench-api-'));
  const runId = startedAt.replaceAll(/[^0-9]/g, '');
  let lucent = await startLucentSide(
    options,
    dataDirectory,
    lucentPhaseEnvironment(options.lucentEnvironment, 'warm', runId),
  );
  const lucentStartFailure = 'unavailable' in lucent ? lucent.unavailable : undefined;
  if (!('unavailable' in lucent)) lucentHeaders = lucent.headers;
  log('unavailable' in lucent ? `Lucent unavailable: ${lucent.unavailable}` : `Lucent at ${lucent.origin}`);
  const orthancTarget = 'unavailable' in orthanc ? undefined : orthanc;

  let ingest: IngestResult[] = [];
  try {
    ingest = await ingestAll(datasets, lucent, orthanc, options, errors);
    // Both servers finish their work after an upload (Lucent: decoded copies of JPEG 2000 frames,
    // thumbnails pre-rendered) before anything is measured.
    for (const [name, server] of [
      ['Lucent', lucent],
      ['Orthanc', orthanc],
    ] as const) {
      if ('unavailable' in server || server.pid === undefined) continue;
      const { waitedMs, quiet } = await waitUntilQuiet(server.pid);
      log(`  ${name} ${quiet ? 'quiet' : 'still busy'} after ${(waitedMs / 1000).toFixed(1)} s`);
    }

    const lucentOrigin = 'unavailable' in lucent ? undefined : lucent.origin;
    cases.push(
      ...(await imageCases(runCase, datasets, 'warm', { lucentOrigin, lucentHeaders, orthanc: orthancTarget }, wanted)),
    );
    cases.push(...(await searchCases(runCase, datasets, { lucent: lucentOrigin, orthanc: orthancTarget }, wanted)));

    if (!('unavailable' in lucent)) {
      await lucent.stop();
      const coldEnvironment = lucentPhaseEnvironment(options.lucentEnvironment, 'cold', runId);
      lucent = await startLucent(options.lucentBuild, dataDirectory, coldEnvironment).catch((error) => {
        errors.push({ case: 'cold', message: `Lucent did not restart with caches off: ${errorMessage(error)}` });
        return { unavailable: 'cold restart failed' };
      });
    }
    const coldOrigin = 'unavailable' in lucent ? undefined : lucent.origin;
    if (!('unavailable' in lucent)) lucentHeaders = lucent.headers;
    cases.push(
      ...(await imageCases(
        runCase,
        datasets,
        'cold',
        { lucentOrigin: coldOrigin, lucentHeaders, orthanc: orthancTarget },
        wanted,
      )),
    );
  } finally {
    if (!('unavailable' in lucent)) await lucent.stop();
    if (!('unavailable' in orthanc)) await orthanc.stop();
    await rm(dataDirectory, { recursive: true, force: true });
  }

  const order = (id: string) => (id.endsWith('/cold') ? 0 : id.endsWith('/warm') ? 1 : 2);
  cases.sort((a, b) => order(a.id) - order(b.id));
  return {
    schemaVersion: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    quick: options.quick,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    environment: describeEnvironment(
      'unavailable' in orthanc ? { unavailable: orthanc.unavailable } : { version: orthanc.installation.version },
      lucentStartFailure !== undefined
        ? { unavailable: lucentStartFailure }
        : {
            build: options.lucentBuild,
            database: options.lucentEnvironment.DATABASE_URL === undefined ? 'embedded PGlite' : 'PostgreSQL',
            cache: options.lucentEnvironment.REDIS_URL === undefined ? 'in-process cache' : 'Redis',
          },
      { before: loadBefore, after: loadavg() },
    ),
    datasets: datasets.map((dataset) => ({
      id: dataset.id,
      title: dataset.title,
      instances: dataset.instances.length,
      studies: new Set(dataset.instances.map((i) => i.studyInstanceUid)).size,
      bytes: dataset.instances.reduce((sum, i) => sum + i.bytes.byteLength, 0),
    })),
    cases,
    ingest,
    targets: evaluateTargets(observeTargets(cases)),
    skipped,
    errors,
  };
}
