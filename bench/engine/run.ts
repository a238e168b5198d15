import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { caseIds } from './case-registry.js';
import { formatReport, writeReport } from './report.js';
import { runBench } from './run-bench.js';

const usage = `Usage: pnpm bench:engine [--quick] [--only <case,…>] [--corpus <dir>] [--out <dir>]
  --quick    few iterations and small synthetic frames (checks every case runs; numbers indicative)
  --only     run only these cases: ${caseIds.join(', ')}
  --corpus   DICOM corpus directory (default: ../shared/dicom next to the repository)
  --out      where to write engine-<timestamp>.json (default: bench/results)`;

const defaultResults = fileURLToPath(new URL('../results/', import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      corpus: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const report = await runBench({
    quick: values.quick,
    ...(values.only === undefined ? {} : { only: values.only.split(',').map((id) => id.trim()) }),
    ...(values.corpus === undefined ? {} : { corpusDirectory: values.corpus }),
    log: (line) => console.error(line),
  });
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
