import { Errors } from '../errors/engine-error.js';
import type { FrameInfo } from './frame-codec.js';
import type { JpegHeader } from './jpeg-markers.js';

/** Which decoder handles a stream: libjpeg-turbo (8-bit DCT, incl. progressive and arithmetic) or DCMTK. */
export type JpegDecoderChoice = 'libjpeg-turbo' | 'dcmtk';

const processNames: Record<number, string> = {
  5: 'differential (hierarchical) sequential',
  6: 'differential (hierarchical) progressive',
  7: 'differential (hierarchical) lossless',
  11: 'lossless arithmetic',
  13: 'differential (hierarchical) arithmetic',
  14: 'differential (hierarchical) arithmetic',
  15: 'differential (hierarchical) arithmetic',
};

/**
 * Check the frame header against the data set's Image Pixel attributes before any WASM decoder
 * sees the stream (a decoder told a different size than the stream holds may write out of bounds
 * or silently return a crop), and pick the decoder.
 */
export function checkJpegFrame(header: JpegHeader, info: FrameInfo): JpegDecoderChoice {
  const fail = (reason: string) => Errors.corruptPixelData(info.transferSyntaxUid, reason);
  if (header.columns !== info.columns || (header.rows !== 0 && header.rows !== info.rows)) {
    throw fail(`the JPEG stream is ${header.columns}×${header.rows}, the data set says ${info.columns}×${info.rows}`);
  }
  if (header.rows === 0) throw fail('the JPEG stream does not state its height');
  if (header.components.length !== info.samplesPerPixel) {
    throw fail(`the JPEG stream has ${header.components.length} components, the data set says ${info.samplesPerPixel}`);
  }
  if (header.precision > info.bitsAllocated || header.precision > 16 || header.precision < 2) {
    throw fail(`JPEG sample precision ${header.precision} does not fit Bits Allocated ${info.bitsAllocated}`);
  }
  const lossless = header.process === 3;
  const dct = header.process <= 2 || header.process === 9 || header.process === 10;
  if (lossless) return 'dcmtk';
  if (!dct) throw fail(`JPEG ${processNames[header.process] ?? 'unknown'} process is not supported`);
  if (header.precision === 8) return 'libjpeg-turbo';
  if (header.precision === 12 && header.process <= 2) return 'dcmtk';
  throw fail(`JPEG DCT with ${header.precision}-bit samples is not supported`);
}
