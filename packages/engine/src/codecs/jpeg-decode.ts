import type { DecodedFrame } from '../image/decoded-frame.js';
import type { FrameInfo } from './frame-codec.js';
import { decodeWithDcmtk, initializeDcmtk } from './jpeg-dcmtk.js';
import { checkJpegFrame } from './jpeg-frame-check.js';
import { decodeWithLibjpegTurbo, initializeLibjpegTurbo } from './jpeg-libjpeg-turbo.js';
import { readJpegHeader } from './jpeg-markers.js';

/**
 * Decode one JPEG frame (any of the DICOM JPEG transfer syntaxes) by what its frame header says,
 * not only by the transfer syntax label: 8-bit DCT → libjpeg-turbo; 12-bit DCT and lossless
 * (process 14, any predictor, 2–16 bits) → DCMTK. The header is checked against the data set first.
 */
export async function decodeJpegFrame(bytes: Uint8Array, info: FrameInfo): Promise<DecodedFrame> {
  const header = readJpegHeader(bytes, info.transferSyntaxUid);
  const decoder = checkJpegFrame(header, info);
  return decoder === 'libjpeg-turbo' ? decodeWithLibjpegTurbo(bytes, header, info) : decodeWithDcmtk(bytes, info);
}

/** Instantiate both decoders (idempotent). */
export async function initializeJpegDecoders(): Promise<void> {
  await Promise.all([initializeLibjpegTurbo(), initializeDcmtk()]);
}
