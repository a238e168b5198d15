import type { RenderOptionsInput } from '@lucent/shared';
import type { DecodeOptions } from '../codecs/frame-codec.js';
import { decodeFrame } from '../decode/decode-frame.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import { parseRenderOptions, type RenderedImage, renderFrame } from '../render/render-frame.js';

export interface RenderInput {
  bytes: Uint8Array;
  options: RenderOptionsInput;
}

/** A side the caller left open: no bound (finite, as the resolution chooser requires). */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/**
 * Task: parse, decode the frame (JPEG 2000 / HTJ2K at the smallest resolution that still covers the
 * requested size) and render it. Options are validated before any decoding.
 */
export async function render(input: RenderInput): Promise<RenderedImage> {
  const options = parseRenderOptions(input.options);
  const parsed = parseDicom(input.bytes);
  const { width, height } = options;
  const decodeOptions: DecodeOptions =
    width === undefined && height === undefined
      ? {}
      : { fitWithin: { width: width ?? UNBOUNDED, height: height ?? UNBOUNDED } };
  const frame = await decodeFrame(parsed, options.frame, decodeOptions);
  return renderFrame(frame, parsed.renderingAttributes(options.frame), options);
}
