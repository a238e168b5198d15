import type { Measurement, MeasureOptions } from './measure.js';
import type { OpjPeer } from './opj-peer.js';
import type { SyntheticSet } from './synthetic-set.js';
import type { Observation, TargetId } from './targets.js';

export type Unit = 'MP/s' | 'frames/s' | 'ms/task' | 'ops/s' | '×';

/** The same work done by another implementation in the same run. */
export interface PeerComparison {
  name: string;
  msPerOperation: number;
  /** Lucent's median time ÷ the peer's time (below 1: Lucent is faster). */
  ratio: number;
  note: string;
}

/** One line of the results table. */
export interface BenchRow {
  group: string;
  name: string;
  unit: Unit;
  value: number;
  /** Milliseconds per operation; absent on derived rows (ratios of other rows). */
  measurement?: Measurement;
  peer?: PeerComparison;
  note?: string;
  /** Per-item numbers behind an aggregate row (JSON only). */
  details?: Record<string, string | number>[];
}

/** Something a case could not measure, and why. */
export interface Skip {
  group: string;
  name: string;
  reason: string;
}

export interface CaseOutcome {
  rows: BenchRow[];
  skipped: Skip[];
  observations: Partial<Record<TargetId, Observation>>;
}

export interface CaseContext {
  quick: boolean;
  profile: MeasureOptions;
  corpusDirectory: string;
  /** Native OpenJPEG, when installed. */
  peer: OpjPeer | undefined;
  synthetic: SyntheticSet;
  log: (line: string) => void;
}

export interface BenchCase {
  id: string;
  title: string;
  run(context: CaseContext): Promise<CaseOutcome>;
}

/** An empty outcome to fill in. */
export function emptyOutcome(): CaseOutcome {
  return { rows: [], skipped: [], observations: {} };
}

/** A short, patient-data-free description of a failure. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
