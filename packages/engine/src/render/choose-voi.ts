import type { WindowSpec } from '@lucent/shared';
import { Errors } from '../errors/engine-error.js';
import type { RenderingAttributes } from '../image/rendering-attributes.js';
import { defaultWindow, type ValueRange } from './default-window.js';
import type { ValueTransform } from './modality-lut.js';
import { voiLutTransform } from './voi-lut.js';
import { isValidWindow, linearExactWindow, linearWindow, sigmoidWindow } from './voi-window.js';

/** The VOI stage that applies, and where it came from. */
export type VoiChoice =
  | { source: 'caller' | 'file' | 'default'; window: WindowSpec }
  | { source: 'voi-lut'; lut: NonNullable<RenderingAttributes['voiLuts'][number]> };

/**
 * Pick the VOI stage: the caller's window, else the file's first (valid) window, else its first VOI
 * LUT Sequence item, else a default spanning the frame's modality values. `modalityRange` is only
 * called for the default. An invalid caller window is an INVALID_RENDER_OPTIONS error.
 */
export function chooseVoi(
  attributes: RenderingAttributes,
  requested: WindowSpec | undefined,
  modalityRange: () => ValueRange,
): VoiChoice {
  if (requested !== undefined) {
    if (!isValidWindow(requested)) {
      throw Errors.invalidRenderOptions(
        `window width ${requested.width} is not valid for ${requested.function} (LINEAR needs ≥ 1, others > 0)`,
      );
    }
    return { source: 'caller', window: requested };
  }
  const fromFile = attributes.windows.find(isValidWindow);
  if (fromFile !== undefined) return { source: 'file', window: fromFile };
  const lut = attributes.voiLuts.find((item) => item.data.length > 0);
  if (lut !== undefined) return { source: 'voi-lut', lut };
  return { source: 'default', window: defaultWindow(modalityRange()) };
}

/** The chosen VOI stage as a transform from modality values to [0, 255] (not yet rounded). */
export function voiTransform(choice: VoiChoice): ValueTransform {
  if ('lut' in choice) return voiLutTransform(choice.lut);
  const { center, width } = choice.window;
  switch (choice.window.function) {
    case 'LINEAR_EXACT':
      return (x) => linearExactWindow(x, center, width);
    case 'SIGMOID':
      return (x) => sigmoidWindow(x, center, width);
    default:
      return (x) => linearWindow(x, center, width);
  }
}
