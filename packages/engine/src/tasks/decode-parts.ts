import type { DecodeOptions } from '../codecs/frame-codec.js';
import { type DecodedFrameWithAttributes, decodeFrameParts, type FrameParts } from './frame-parts.js';

export interface DecodePartsInput {
  parts: FrameParts;
  fitWithin?: DecodeOptions['fitWithin'];
}

/** Task: decode one frame from the file's prefix and the frame's own bytes (see frame-parts.ts). */
export async function decodeParts(input: DecodePartsInput): Promise<DecodedFrameWithAttributes> {
  return decodeFrameParts(input.parts, input.fitWithin === undefined ? {} : { fitWithin: input.fitWithin });
}
