import type { DecodedFrameInfo } from '@lucent/shared';

export type PixelArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/**
 * One decoded frame: stored values (no rescale, no window) in a typed array whose width is
 * BitsAllocated (1-bit data is unpacked to one byte a pixel, bitsAllocated reported as 1) and whose
 * signedness follows PixelRepresentation, samples interleaved (R,G,B,R,G,B…), values masked to
 * BitsStored and sign-extended when signed. `info.rows`/`columns` are the decoded size, which is
 * smaller than the stored image when a JPEG 2000 / HTJ2K decode ran at a reduced resolution.
 */
export interface DecodedFrame {
  info: DecodedFrameInfo;
  pixels: PixelArray;
  /** JPEG 2000 / HTJ2K: resolution levels skipped (0 = full size). */
  reductionLevel?: number;
}
