import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withScratchDatabase } from '../common/scratch-database.js';
import { formatReport, writeReport } from './report.js';
import { runHttpBench } from './run-http-bench.js';
import { type DatasetId, datasetIds } from './workload-data.js';

const usage = `Usage: pnpm bench:http [--quick] [--duration <s>] [--warmup <s>] [--connections <n>] [--instances <n>]
                       [--datasets <id,…>] [--only <text,…>] [--dist] [--postgres <url>] [--redis <url>] [--out <dir>]
  --quick        3 s a case and 24 instances a dataset (checks every case runs; numbers indicative)
  --duration     seconds of load per case and server (default 10)
  --warmup       seconds of the same load before each measured run, not counted (default 1; 0 = none)
  --connections  autocannon connections (default 8)
  --instances    distinct instances per dataset (default 60; cold requests rotate over them)
  --datasets     ${datasetIds.join(', ')} (default: all)
  --only         run only cases whose id contains one of these, e.g. thumbnail,search
  --dist         run Lucent from packages/api/dist (after pnpm build) instead of from source with tsx
  --postgres     a PostgreSQL server for Lucent (default: embedded PGlite); the run creates its own
                 database there and drops it afterwards
  --redis        REDIS_URL for Lucent (default: in-process cache)
  --out          where to write http-<timestamp>.json (default: bench/results)
Orthanc (Debian: orthanc orthanc-gdcm orthanc-dicomweb) runs as the peer when installed; ORTHANC_BIN overrides.`;

const defaultResults = fileURLToPath(new URL('../results/', import.meta.url));

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive integer`);
  return parsed;
}

function nonNegativeInteger(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number of seconds`);
  return parsed;
}

function datasetList(value: string | undefined): DatasetId[] {
  if (value === undefined) return [...datasetIds];
  const ids = value.split(',').map((id) => id.trim());
  const unknown = ids.filter((id) => !(datasetIds as readonly string[]).includes(id));
  if (unknown.length > 0) throw new Error(`unknown dataset ${unknown.join(', ')}`);
  return ids as DatasetId[];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string', default: '1' },
      connections: { type: 'string' },
      instances: { type: 'string' },
      datasets: { type: 'string' },
      only: { type: 'string' },
      dist: { type: 'boolean', default: false },
      postgres: { type: 'string' },
      redis: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const lucentEnvironment: Record<string, string> = {};
  if (values.redis !== undefined) lucentEnvironment.REDIS_URL = values.redis;
  const run = (databaseUrl?: string) =>
    runHttpBench({
      quick: values.quick,
      durationSeconds: positiveInteger('duration', values.duration, values.quick ? 3 : 10),
      warmupSeconds: nonNegativeInteger('warmup', values.warmup),
      connections: positiveInteger('connections', values.connections, 8),
      instancesPerDataset: positiveInteger('instances', values.instances, values.quick ? 24 : 60),
      datasets: datasetList(values.datasets),
      ...(values.only === undefined ? {} : { only: values.only.split(',').map((part) => part.trim()) }),
      lucentBuild: values.dist ? 'dist' : 'source',
      lucentEnvironment:
        databaseUrl === undefined ? lucentEnvironment : { ...lucentEnvironment, DATABASE_URL: databaseUrl },
      log: (line) => console.error(line),
    });
  const report =
    values.postgres === undefined
      ? await run()
      : await withScratchDatabase(values.postgres, `lucent_bench_${Date.now()}`, run);
  console.log(formatReport(report));
  const path = await writeReport(report, values.out ?? defaultResults);
  console.log(`\nWrote ${path}`);
  return report.errors.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(usage);
    process.exitCode = 2;
  },
);
