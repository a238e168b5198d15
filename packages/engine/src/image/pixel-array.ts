import type { PixelArray } from './decoded-frame.js';

/** A typed array for `length` samples of the given width and signedness (1-bit data: one byte a sample). */
export function createPixelArray(bitsAllocated: number, signed: boolean, length: number): PixelArray {
  if (bitsAllocated <= 8) return signed ? new Int8Array(length) : new Uint8Array(length);
  if (bitsAllocated <= 16) return signed ? new Int16Array(length) : new Uint16Array(length);
  return signed ? new Int32Array(length) : new Uint32Array(length);
}

/** View the same memory with the signedness asked for (no copy). */
export function withSignedness(pixels: PixelArray, signed: boolean): PixelArray {
  const { buffer, byteOffset, length } = pixels;
  switch (pixels.BYTES_PER_ELEMENT) {
    case 1:
      return signed ? new Int8Array(buffer, byteOffset, length) : new Uint8Array(buffer, byteOffset, length);
    case 2:
      return signed ? new Int16Array(buffer, byteOffset, length) : new Uint16Array(buffer, byteOffset, length);
    default:
      return signed ? new Int32Array(buffer, byteOffset, length) : new Uint32Array(buffer, byteOffset, length);
  }
}

/**
 * Keep only the low `bitsStored` bits of each sample and sign-extend them when signed
 * (PS3.5 8.1.1). In place; a no-op when BitsStored fills the whole sample.
 */
export function applyBitsStored(pixels: PixelArray, bitsStored: number, signed: boolean): void {
  const width = pixels.BYTES_PER_ELEMENT * 8;
  if (bitsStored >= width || bitsStored <= 0) return;
  const mask = bitsStored >= 32 ? 0xffffffff : (1 << bitsStored) - 1;
  if (!signed) {
    for (let i = 0; i < pixels.length; i++) pixels[i] = ((pixels[i] as number) & mask) >>> 0;
    return;
  }
  const shift = 32 - bitsStored;
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((pixels[i] as number) << shift) >> shift;
}

/** Planar (RRR…GGG…BBB…) to interleaved (RGBRGB…). Returns a new array of the same type. */
export function interleavePlanar(planar: PixelArray, samplesPerPixel: number): PixelArray {
  const plane = Math.floor(planar.length / samplesPerPixel);
  const out = createPixelArray(
    planar.BYTES_PER_ELEMENT * 8,
    planar instanceof Int8Array || planar instanceof Int16Array || planar instanceof Int32Array,
    plane * samplesPerPixel,
  );
  for (let s = 0; s < samplesPerPixel; s++) {
    const base = s * plane;
    for (let i = 0; i < plane; i++) out[i * samplesPerPixel + s] = planar[base + i] as number;
  }
  return out;
}
