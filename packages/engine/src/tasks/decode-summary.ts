import type { DecodedFrameInfo } from '@lucent/shared';
import { decodeFrame } from '../decode/decode-frame.js';
import { type FrameStatistics, frameStatistics } from '../decode/frame-statistics.js';
import { parseDicom } from '../dicom/parse-dicom.js';

export interface DecodeSummaryInput {
  bytes: Uint8Array;
  /** Zero-based; default 0. */
  frame?: number;
}

/** A decoded frame described: its attributes as decoded, the instance's frame count and statistics. */
export type FrameSummary = DecodedFrameInfo & FrameStatistics & { frame: number; frames: number };

/** Task: decode one frame and summarise it (the `lucent-engine decode` line, without the file name). */
export async function decodeSummary(input: DecodeSummaryInput): Promise<FrameSummary> {
  const parsed = parseDicom(input.bytes);
  const frame = input.frame ?? 0;
  const decoded = await decodeFrame(parsed, frame);
  return { frame, frames: parsed.frames.length, ...decoded.info, ...frameStatistics(decoded) };
}
