import { RenderOptions, type RenderOptionsInput } from '@lucent/shared';
import { Errors } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import type { RenderingAttributes } from '../image/rendering-attributes.js';
import { toDisplayPixels } from './display-pixels.js';
import { encodeImage, type RenderedImage } from './encode-image.js';

export type { RenderedImage } from './encode-image.js';

/** Validate rendering options (zod), with a typed error naming the first problem. */
export function parseRenderOptions(options: RenderOptionsInput): RenderOptions {
  const parsed = RenderOptions.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw Errors.invalidRenderOptions(
      issue === undefined ? 'invalid' : `${issue.path.join('.') || 'options'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/**
 * Render a decoded frame: modality LUT → VOI → MONOCHROME1 → 8-bit (or colour conversion), then
 * fit inside width × height and encode. `options.frame` is not used here: the caller decoded it.
 */
export async function renderFrame(
  frame: DecodedFrame,
  attributes: RenderingAttributes,
  options: RenderOptionsInput,
): Promise<RenderedImage> {
  const parsed = parseRenderOptions(options);
  const pixels = toDisplayPixels(frame, attributes, parsed.window);
  return encodeImage(pixels, parsed);
}
