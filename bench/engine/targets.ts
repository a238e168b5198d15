import {
  type Target as GenericTarget,
  type TargetResult as GenericTargetResult,
  judgeTargets,
  type Observation,
  type TargetStatus,
} from '../common/target-evaluation.js';

/** The engine's performance targets. Reported pass/fail by the bench; never asserted in tests. */
export const targetIds = ['j2k-vs-native', 'j2k-thumbnail-speedup', 'ct-render-fps', 'pool-overhead'] as const;
export type TargetId = (typeof targetIds)[number];

export type Target = GenericTarget<TargetId>;

export const targets: Record<TargetId, Target> = {
  'j2k-vs-native': {
    id: 'j2k-vs-native',
    description: 'J2K full decode time ≤ 1.5× native OpenJPEG (opj_decompress)',
    comparison: '<=',
    threshold: 1.5,
    unit: '×',
  },
  'j2k-thumbnail-speedup': {
    id: 'j2k-thumbnail-speedup',
    description: 'J2K 128-px thumbnail ≥ 10× faster than full decode + resize',
    comparison: '>=',
    threshold: 10,
    unit: '×',
  },
  'ct-render-fps': {
    id: 'ct-render-fps',
    description: '512×512 CT → windowed full-size JPEG ≥ 150 frames/s per thread',
    comparison: '>=',
    threshold: 150,
    unit: 'frames/s',
  },
  'pool-overhead': {
    id: 'pool-overhead',
    description: 'Pool round-trip overhead ≤ 0.3 ms per task',
    comparison: '<=',
    threshold: 0.3,
    unit: 'ms/task',
  },
};

export type { Observation, TargetStatus };
export type TargetResult = GenericTargetResult<TargetId>;

/** Judge every target against what was observed; a target nobody measured is "not measured". */
export function evaluateTargets(observations: Partial<Record<TargetId, Observation>>): TargetResult[] {
  return judgeTargets(targetIds, targets, observations);
}
