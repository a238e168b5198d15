import type { RenderOptionsInput } from '@lucent/shared';
import { type RenderedImage, renderFrame } from '../render/render-frame.js';
import type { DecodedFrameWithAttributes } from './frame-parts.js';

export interface RenderDecodedInput {
  decoded: DecodedFrameWithAttributes;
  options: RenderOptionsInput;
}

/**
 * Task: render an already decoded frame (another window or size of a cached frame). Pixels in a
 * SharedArrayBuffer reach the worker without a copy; they are only read.
 */
export async function renderDecoded(input: RenderDecodedInput): Promise<RenderedImage> {
  return renderFrame(input.decoded.frame, input.decoded.attributes, input.options);
}
