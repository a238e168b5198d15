import { type BenchCase, type CaseContext, type CaseOutcome, describeError } from './bench-case.js';
import { type CaseEntry, caseRegistry } from './case-registry.js';
import { defaultCorpusDirectory } from './corpus.js';
import { fullProfile, type MeasureOptions, quickProfile } from './measure.js';
import { findOpjDecompress } from './opj-peer.js';
import { type BenchReport, describeEnvironment } from './report.js';
import { createSyntheticSet } from './synthetic-set.js';
import { evaluateTargets } from './targets.js';

export interface BenchOptions {
  quick?: boolean;
  /** Case ids to run (default: all). */
  only?: readonly string[];
  corpusDirectory?: string;
  /** Override the measurement profile (tests use a tiny one). */
  profile?: MeasureOptions;
  /** Where progress lines go (default: nowhere). */
  log?: (line: string) => void;
  /** Native peer executable name or path (default `opj_decompress`). */
  opjDecompress?: string;
  /** Cases to choose from (default: the registry). */
  registry?: readonly CaseEntry[];
}

async function runCase(entry: CaseEntry, context: CaseContext): Promise<CaseOutcome> {
  const benchCase: BenchCase = await entry.load();
  context.log(`▸ ${benchCase.title}`);
  return benchCase.run(context);
}

/**
 * Run the selected cases in this process, one after another, and assemble the report. A case that
 * throws is listed under `errors`; the others still run.
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const quick = options.quick ?? false;
  const log = options.log ?? (() => {});
  const registry = options.registry ?? caseRegistry;
  const unknown = (options.only ?? []).filter((id) => !registry.some((entry) => entry.id === id));
  if (unknown.length > 0) throw new Error(`Unknown bench case(s): ${unknown.join(', ')}`);
  const selected = registry.filter((entry) => options.only === undefined || options.only.includes(entry.id));
  const peer = await findOpjDecompress(options.opjDecompress);
  if (peer === undefined) log('opj_decompress not found (apt-get install libopenjp2-tools): peer column skipped');
  const context: CaseContext = {
    quick,
    profile: options.profile ?? (quick ? quickProfile : fullProfile),
    corpusDirectory: options.corpusDirectory ?? defaultCorpusDirectory,
    peer,
    synthetic: createSyntheticSet(),
    log,
  };
  const report: BenchReport = {
    schemaVersion: 1,
    startedAt,
    finishedAt: startedAt,
    quick,
    environment: describeEnvironment(peer?.version),
    rows: [],
    targets: [],
    skipped: [],
    errors: [],
  };
  const observations: CaseOutcome['observations'] = {};
  for (const entry of selected) {
    try {
      const outcome = await runCase(entry, context);
      report.rows.push(...outcome.rows);
      report.skipped.push(...outcome.skipped);
      Object.assign(observations, outcome.observations);
    } catch (error) {
      report.errors.push({ case: entry.id, message: describeError(error) });
      log(`  ✗ ${entry.id}: ${describeError(error)}`);
    }
  }
  report.targets = evaluateTargets(observations);
  report.finishedAt = new Date().toISOString();
  return report;
}
