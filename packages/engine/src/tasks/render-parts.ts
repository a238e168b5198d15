import type { RenderOptionsInput } from '@lucent/shared';
import type { DecodeOptions } from '../codecs/frame-codec.js';
import { parseRenderOptions, type RenderedImage, renderFrame } from '../render/render-frame.js';
import { withTransientReads } from '../stored-files/read-stored-bytes.js';
import { type DecodedFrameWithAttributes, decodeFrameParts, type FrameParts } from './frame-parts.js';

export interface RenderPartsInput {
  parts: FrameParts;
  options: RenderOptionsInput;
  /** Also return the decoded frame when it was decoded at full resolution (for a frame cache). */
  keepDecoded?: boolean;
}

export interface PartsRendering {
  image: RenderedImage;
  decoded?: DecodedFrameWithAttributes;
}

const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/**
 * Task: decode one frame from its parts (JPEG 2000 / HTJ2K at the smallest resolution covering the
 * requested size) and render it, in one trip to the worker.
 */
export async function renderParts(input: RenderPartsInput): Promise<PartsRendering> {
  const options = parseRenderOptions(input.options);
  const { width, height } = options;
  const decodeOptions: DecodeOptions =
    width === undefined && height === undefined
      ? {}
      : { fitWithin: { width: width ?? UNBOUNDED, height: height ?? UNBOUNDED } };
  if (input.keepDecoded === true) {
    const decoded = await decodeFrameParts(input.parts, decodeOptions);
    const image = await renderFrame(decoded.frame, decoded.attributes, options);
    return (decoded.frame.reductionLevel ?? 0) === 0 ? { image, decoded } : { image };
  }
  // Nothing decoded leaves the task: a frame the worker reads itself can live in scratch memory.
  return withTransientReads(async (transient) => {
    const decoded = await decodeFrameParts(input.parts, decodeOptions, { transient });
    return { image: await renderFrame(decoded.frame, decoded.attributes, options) };
  });
}
