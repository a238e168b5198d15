/** A benchmark target: reported pass/fail by a bench, never asserted in tests. */
export interface Target<Id extends string = string> {
  id: Id;
  description: string;
  comparison: '<=' | '>=';
  threshold: number;
  unit: string;
}

/** What a case measured towards a target, and how (which frame, which variant, which dataset). */
export interface Observation {
  value: number;
  note: string;
}

export type TargetStatus = 'pass' | 'fail' | 'not measured';

export interface TargetResult<Id extends string = string> extends Target<Id> {
  actual: number | null;
  status: TargetStatus;
  note: string;
}

/** Judge every target against what was observed; a target nobody measured is "not measured". */
export function judgeTargets<Id extends string>(
  ids: readonly Id[],
  targets: Record<Id, Target<Id>>,
  observations: Partial<Record<Id, Observation>>,
): TargetResult<Id>[] {
  return ids.map((id) => {
    const target = targets[id];
    const observation = observations[id];
    if (observation === undefined || !Number.isFinite(observation.value)) {
      return { ...target, actual: null, status: 'not measured', note: observation?.note ?? 'not measured in this run' };
    }
    const pass =
      target.comparison === '<=' ? observation.value <= target.threshold : observation.value >= target.threshold;
    return { ...target, actual: observation.value, status: pass ? 'pass' : 'fail', note: observation.note };
  });
}
