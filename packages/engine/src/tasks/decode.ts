import type { DecodeOptions } from '../codecs/frame-codec.js';
import { decodeFrame } from '../decode/decode-frame.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import type { DecodedFrame } from '../image/decoded-frame.js';

export interface DecodeInput {
  bytes: Uint8Array;
  /** Zero-based; default 0. */
  frame?: number;
  fitWithin?: DecodeOptions['fitWithin'];
}

/** Task: decode one frame to stored values. */
export async function decode(input: DecodeInput): Promise<DecodedFrame> {
  const parsed = parseDicom(input.bytes);
  const options: DecodeOptions = input.fitWithin === undefined ? {} : { fitWithin: input.fitWithin };
  return decodeFrame(parsed, input.frame ?? 0, options);
}
