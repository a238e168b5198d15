/** What Lucent's caches did during one case, from GET /api/v1/images/cache-stats before and after. */
export interface CacheDelta {
  renderedHits: number;
  frameHits: number;
  renders: number;
}

function count(stats: unknown, path: readonly string[]): number | undefined {
  let value: unknown = stats;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'number' ? value : undefined;
}

/** The change in cache hits and renders between two cache-stats answers (undefined if either is missing). */
export function cacheDelta(before: unknown, after: unknown): CacheDelta | undefined {
  const delta = (path: readonly string[]) => {
    const a = count(before, path);
    const b = count(after, path);
    return a === undefined || b === undefined ? undefined : b - a;
  };
  const renderedHits = delta(['rendered', 'hits']);
  const frameHits = delta(['frames', 'hits']);
  const renders = delta(['renders']);
  if (renderedHits === undefined || frameHits === undefined || renders === undefined) return undefined;
  return { renderedHits, frameHits, renders };
}

/**
 * A note when a case was not what its name says: a cold case that hit a cache, or a warm case
 * that rendered (its caches did not hold every image).
 */
export function temperatureNote(temperature: 'cold' | 'warm', delta: CacheDelta | undefined): string | undefined {
  if (delta === undefined) return undefined;
  if (temperature === 'cold' && delta.renderedHits + delta.frameHits > 0) {
    return `not fully cold: ${delta.renderedHits} rendered-image and ${delta.frameHits} decoded-frame cache hits`;
  }
  if (temperature === 'warm' && delta.renders > 0)
    return `not fully warm: ${delta.renders} images rendered during the run`;
  return undefined;
}
