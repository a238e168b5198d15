import type { DecodeOptions } from '../codecs/frame-codec.js';
import { renderSource } from '../render/render-frame.js';
import { type DecodedFrameWithAttributes, decodeFrameParts, type FrameParts } from './frame-parts.js';

export interface DecodePartsInput {
  parts: FrameParts;
  fitWithin?: DecodeOptions['fitWithin'];
  /**
   * Return the frame a render inside this box starts from (`renderSource`): JPEG 2000 decoded at the
   * smallest resolution covering it, then box-reduced where that is exact. Wins over `fitWithin`.
   */
  reduceWithin?: { width: number; height: number };
}

/** Task: decode one frame from the file's prefix and the frame's own bytes (see frame-parts.ts). */
export async function decodeParts(input: DecodePartsInput): Promise<DecodedFrameWithAttributes> {
  const { reduceWithin } = input;
  if (reduceWithin !== undefined) {
    const decoded = await decodeFrameParts(input.parts, { fitWithin: reduceWithin });
    const frame = renderSource(decoded.frame, decoded.attributes, reduceWithin.width, reduceWithin.height);
    return { frame, attributes: decoded.attributes };
  }
  return decodeFrameParts(input.parts, input.fitWithin === undefined ? {} : { fitWithin: input.fitWithin });
}
