import type { RenderOptionsInput } from '@lucent/shared';
import type { Services } from '../../app/services.js';
import type { StoredInstance } from './wado-scope.js';

/** The instance a study or series thumbnail shows: the middle instance of the first series. */
export function representativeInstance(instances: StoredInstance[]): StoredInstance {
  const firstSeries = instances[0]?.seriesInstanceUid;
  const series = instances.filter((instance) => instance.seriesInstanceUid === firstSeries);
  return series[Math.floor((series.length - 1) / 2)] ?? (instances[0] as StoredInstance);
}

/**
 * Render one frame (zero-based) of a stored instance. The seam where the REST image service's
 * cache plugs in when it lands (packages/api/src/modules/images/); until then the engine renders.
 */
export async function renderInstance(
  services: Services,
  instance: StoredInstance,
  options: RenderOptionsInput,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const bytes = await services.storage.get(instance.storageKey);
  const image = await services.engine.render(bytes, options, { signal });
  return image.data;
}
