import type { PixelArray } from '../image/decoded-frame.js';
import { uninitializedBytes } from '../image/uninitialized.js';
import { ybrFullToRgb, ybrPartialToRgb } from './ybr.js';

/**
 * Three-sample pixels to 8 bits a sample: 8-bit data copied (or, with `shareBytes`, returned as
 * they are, for a caller that only reads them), deeper data shifted right by (Bits Stored − 8);
 * negative samples clamp to 0.
 */
export function colourTo8Bit(pixels: PixelArray, bitsStored: number, shareBytes = false): Uint8Array {
  if (pixels instanceof Uint8Array) {
    if (shareBytes) return pixels;
    const copy = uninitializedBytes(pixels.length);
    copy.set(pixels);
    return copy;
  }
  const shift = Math.min(24, Math.max(0, Math.trunc(bitsStored) - 8));
  const scale = 2 ** -shift;
  const out = uninitializedBytes(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const v = Math.floor((pixels[i] as number) * scale);
    out[i] = v <= 0 ? 0 : Math.min(v, 255);
  }
  return out;
}

/**
 * Colour pixels → interleaved 8-bit RGB by the DECODED photometric interpretation: RGB as is (as
 * are YBR_RCT/YBR_ICT, which JPEG 2000 decoders convert and report as RGB), YBR_FULL and the
 * upsampled YBR_FULL_422 by PS3.3 C.7.6.3.1.2, YBR_PARTIAL_* by BT.601 studio range.
 */
export function renderColour(pixels: PixelArray, bitsStored: number, photometric: string): Uint8Array {
  const full = photometric === 'YBR_FULL' || photometric === 'YBR_FULL_422' || photometric === 'YBR_ICT';
  const partial = photometric.startsWith('YBR_PARTIAL');
  // RGB is only read from here on: 8-bit RGB samples are the display pixels, without a copy.
  const data = colourTo8Bit(pixels, bitsStored, !full && !partial);
  if (full) ybrFullToRgb(data);
  else if (partial) ybrPartialToRgb(data);
  return data;
}
