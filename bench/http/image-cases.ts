import { cacheDelta, temperatureNote } from './cache-evidence.js';
import type { CaseRunner, Side } from './case-runner.js';
import type { CaseResult } from './targets.js';
import type { Dataset } from './workload-data.js';
import {
  appliesTo,
  type ImageKind,
  imageKinds,
  lucentImageRequest,
  orthancImageRequest,
  type Temperature,
} from './workloads.js';

export interface ImageTargets {
  lucentOrigin: string | undefined;
  /** The Lucent session's Authorization header (cache statistics need it too). */
  lucentHeaders?: Record<string, string>;
  orthanc: { origin: string; instanceIds: ReadonlyMap<string, string> } | undefined;
}

/** Lucent's cache statistics, when the route exists (recorded around each case as evidence of cold or warm). */
async function cacheStats(origin: string, headers: Record<string, string> = {}): Promise<unknown> {
  try {
    const response = await fetch(new URL('/api/v1/images/cache-stats', origin), { headers });
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}

function sides(dataset: Dataset, kind: ImageKind, targets: ImageTargets): { lucent?: Side; orthanc?: Side } {
  const result: { lucent?: Side; orthanc?: Side } = {};
  if (targets.lucentOrigin !== undefined) {
    result.lucent = {
      name: 'Lucent',
      origin: targets.lucentOrigin,
      requests: dataset.instances.map((instance) => lucentImageRequest(kind, dataset, instance)),
    };
  }
  const orthanc = targets.orthanc;
  if (orthanc !== undefined) {
    const ids = dataset.instances.map((instance) => orthanc.instanceIds.get(instance.sopInstanceUid));
    if (ids.every((id): id is string => id !== undefined)) {
      result.orthanc = {
        name: 'Orthanc',
        origin: orthanc.origin,
        requests: ids.map((id) => orthancImageRequest(kind, dataset, id)),
      };
    }
  }
  return result;
}

/**
 * Every image workload of every dataset at one temperature. Requests rotate over the dataset's
 * instances on both servers; warm runs fill the caches with one pass first.
 */
export async function imageCases(
  runCase: CaseRunner,
  datasets: readonly Dataset[],
  temperature: Temperature,
  targets: ImageTargets,
  wanted: (id: string) => boolean,
): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  for (const dataset of datasets) {
    for (const kind of imageKinds) {
      const id = `${dataset.id}/${kind}/${temperature}`;
      if (!appliesTo(kind, dataset) || !wanted(id)) continue;
      const caseSides = sides(dataset, kind, targets);
      const lucentOrigin = targets.lucentOrigin;
      let before: unknown;
      const result = await runCase(
        {
          id,
          group: dataset.title,
          name: `${kind} ${temperature}`,
          ...(caseSides.lucent?.requests[0] === undefined ? {} : { lucentExample: caseSides.lucent.requests[0].path }),
          ...(caseSides.orthanc?.requests[0] === undefined
            ? {}
            : { orthancExample: caseSides.orthanc.requests[0].path }),
          notes: [],
        },
        caseSides,
        temperature === 'warm',
        async () => {
          if (lucentOrigin !== undefined) before = await cacheStats(lucentOrigin, targets.lucentHeaders);
        },
      );
      const after = lucentOrigin === undefined ? undefined : await cacheStats(lucentOrigin, targets.lucentHeaders);
      if (before !== undefined || after !== undefined) result.lucentCacheStats = { before, after };
      const note = result.lucent === undefined ? undefined : temperatureNote(temperature, cacheDelta(before, after));
      if (note !== undefined) result.notes.push(note);
      cases.push(result);
    }
  }
  return cases;
}
