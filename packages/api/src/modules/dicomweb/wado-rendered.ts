import { AppError, type RenderOptionsInput } from '@lucent/shared';
import type { Services } from '../../app/services.js';
import type { FacilityScope } from '../../security/auth-context.js';
import type { StoredInstance } from './wado-scope.js';

/** The instance a study or series thumbnail shows: the middle instance of the first series. */
export function representativeInstance(instances: StoredInstance[]): StoredInstance {
  const firstSeries = instances[0]?.seriesInstanceUid;
  const series = instances.filter((instance) => instance.seriesInstanceUid === firstSeries);
  return series[Math.floor((series.length - 1) / 2)] ?? (instances[0] as StoredInstance);
}

/**
 * Render one frame (zero-based) of a stored instance through the image service, so DICOMweb and the
 * REST image routes share one cache, the decoded-frame LRU and single-flight.
 */
export async function renderInstance(
  services: Services,
  instance: StoredInstance,
  scope: FacilityScope,
  options: RenderOptionsInput,
  /** The request's signal, made only if the image has to be rendered. */
  signal: () => AbortSignal,
): Promise<Uint8Array> {
  const { window } = options;
  const answer = await services.images.render(
    instance.sopInstanceUid,
    scope,
    {
      kind: 'rendered',
      frame: options.frame ?? 0,
      ...(options.width === undefined ? {} : { width: options.width }),
      ...(options.height === undefined ? {} : { height: options.height }),
      ...(window === undefined ? {} : { window: { ...window, function: window.function ?? 'LINEAR' } }),
      format: options.format ?? 'jpeg',
      quality: options.quality ?? 90,
    },
    undefined,
    signal,
  );
  if (answer.image === undefined) throw new AppError('INTERNAL', { message: 'No image was rendered' });
  return answer.image.data;
}
