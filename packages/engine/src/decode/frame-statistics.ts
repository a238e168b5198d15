import { createHash } from 'node:crypto';
import type { DecodedFrame, PixelArray } from '../image/decoded-frame.js';

export interface FrameStatistics {
  min: number;
  max: number;
  mean: number;
  /**
   * SHA-256 of the stored values as little-endian integers of the BitsAllocated width, signed
   * per PixelRepresentation, samples interleaved (the corpus manifest's convention).
   */
  sha256: string;
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndianBytes(pixels: PixelArray): Uint8Array {
  const view = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  if (littleEndianHost || pixels.BYTES_PER_ELEMENT === 1) return view;
  const swapped = new Uint8Array(view.length);
  const width = pixels.BYTES_PER_ELEMENT;
  for (let i = 0; i < view.length; i += width) {
    for (let b = 0; b < width; b++) swapped[i + b] = view[i + width - 1 - b] as number;
  }
  return swapped;
}

/** Min, max, mean and the manifest-convention hash of stored values (all 0 for an empty array). */
export function pixelStatistics(pixels: PixelArray): FrameStatistics {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i] as number;
    if (value < min) min = value;
    if (value > max) max = value;
    sum += value;
  }
  const count = pixels.length;
  return {
    min: count === 0 ? 0 : min,
    max: count === 0 ? 0 : max,
    mean: count === 0 ? 0 : sum / count,
    sha256: createHash('sha256').update(littleEndianBytes(pixels)).digest('hex'),
  };
}

/** Min, max, mean and the manifest-convention hash of a decoded frame's stored values. */
export function frameStatistics(frame: DecodedFrame): FrameStatistics {
  return pixelStatistics(frame.pixels);
}
