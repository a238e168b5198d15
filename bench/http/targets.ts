import {
  type Target as GenericTarget,
  type TargetResult as GenericTargetResult,
  judgeTargets,
  type Observation,
  type TargetStatus,
} from '../common/target-evaluation.js';
import type { LoadSummary } from './load-test.js';

/** The HTTP targets (2-core machine). Reported pass/fail by the bench; never asserted in tests. */
export const targetIds = [
  'j2k-thumbnail-cold',
  'uncompressed-thumbnail-cold',
  'full-render-cold',
  'warm-thumbnail-p99',
  'study-search',
] as const;
export type TargetId = (typeof targetIds)[number];

export type Target = GenericTarget<TargetId>;

export const targets: Record<TargetId, Target> = {
  'j2k-thumbnail-cold': {
    id: 'j2k-thumbnail-cold',
    description: 'Cold JPEG 2000 thumbnail ≥ 10× Orthanc req/s',
    comparison: '>=',
    threshold: 10,
    unit: '×',
  },
  'uncompressed-thumbnail-cold': {
    id: 'uncompressed-thumbnail-cold',
    description: 'Cold uncompressed thumbnail ≥ 3× Orthanc req/s',
    comparison: '>=',
    threshold: 3,
    unit: '×',
  },
  'full-render-cold': {
    id: 'full-render-cold',
    description: 'Cold full-size render ≥ 2× Orthanc req/s (worst dataset)',
    comparison: '>=',
    threshold: 2,
    unit: '×',
  },
  'warm-thumbnail-p99': {
    id: 'warm-thumbnail-p99',
    description: 'Warm (cached) thumbnail p99 ≤ 5 ms (worst dataset)',
    comparison: '<=',
    threshold: 5,
    unit: 'ms',
  },
  'study-search': {
    id: 'study-search',
    description: 'Study search (QIDO-RS) ≥ 3× Orthanc QIDO req/s',
    comparison: '>=',
    threshold: 3,
    unit: '×',
  },
};

export type { Observation, TargetStatus };
export type TargetResult = GenericTargetResult<TargetId>;

/** Judge every target against what was observed; a target nobody measured is "not measured". */
export function evaluateTargets(observations: Partial<Record<TargetId, Observation>>): TargetResult[] {
  return judgeTargets(targetIds, targets, observations);
}

/** One measured workload: the same requests against Lucent and against Orthanc. */
export interface CaseResult {
  /** `<dataset>/<kind>/<cold|warm>`, `search/qido`, `search/trpc`, `metadata/wado`… */
  id: string;
  group: string;
  name: string;
  lucent?: LoadSummary;
  orthanc?: LoadSummary;
  /** Lucent req/s ÷ Orthanc req/s, when both ran. */
  ratio?: number;
  /** An example request of each side, for the JSON. */
  lucentExample?: string;
  orthancExample?: string;
  /** Lucent's GET /api/v1/images/cache-stats just before its load and after the case (was cold cold?). */
  lucentCacheStats?: { before: unknown; after: unknown };
  notes: string[];
}

/** Lucent's request rate over Orthanc's; undefined unless both are positive and finite. */
export function requestRatio(lucent: LoadSummary | undefined, orthanc: LoadSummary | undefined): number | undefined {
  if (lucent === undefined || orthanc === undefined) return undefined;
  const ratio = lucent.requestsPerSecond / orthanc.requestsPerSecond;
  return Number.isFinite(ratio) && orthanc.requestsPerSecond > 0 ? ratio : undefined;
}

function ratioOf(cases: readonly CaseResult[], id: string, note: string): Observation | undefined {
  const found = cases.find((c) => c.id === id);
  if (found?.ratio === undefined) return undefined;
  return { value: found.ratio, note };
}

/** The worst (smallest for ratios, largest for latencies) of several cases, naming which one it was. */
function worst(
  cases: readonly CaseResult[],
  suffix: string,
  value: (c: CaseResult) => number | undefined,
  direction: 'min' | 'max',
): Observation | undefined {
  const measured = cases
    .filter((c) => c.id.endsWith(suffix))
    .map((c) => ({ id: c.id, value: value(c) }))
    .filter((m): m is { id: string; value: number } => m.value !== undefined && Number.isFinite(m.value));
  if (measured.length === 0) return undefined;
  const pick = measured.reduce((a, b) => ((direction === 'min' ? b.value < a.value : b.value > a.value) ? b : a));
  const all = measured.map((m) => `${m.id.split('/')[0]} ${m.value.toFixed(1)}`).join(', ');
  return { value: pick.value, note: `${pick.id} (all: ${all})` };
}

/** What the cases measured towards each target. */
export function observeTargets(cases: readonly CaseResult[]): Partial<Record<TargetId, Observation>> {
  const observations: Partial<Record<TargetId, Observation>> = {};
  const set = (id: TargetId, observation: Observation | undefined) => {
    if (observation !== undefined) observations[id] = observation;
  };
  set('j2k-thumbnail-cold', ratioOf(cases, 'j2k-1024/thumbnail/cold', 'j2k-1024/thumbnail/cold'));
  set('uncompressed-thumbnail-cold', ratioOf(cases, 'mr-1024/thumbnail/cold', 'mr-1024/thumbnail/cold'));
  set(
    'full-render-cold',
    worst(cases, '/full/cold', (c) => c.ratio, 'min'),
  );
  set(
    'warm-thumbnail-p99',
    worst(cases, '/thumbnail/warm', (c) => c.lucent?.latencyMs.p99, 'max'),
  );
  set('study-search', ratioOf(cases, 'search/qido', 'QIDO-RS /studies vs Orthanc /dicom-web/studies'));
  return observations;
}
