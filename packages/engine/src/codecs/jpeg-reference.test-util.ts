import { expect } from 'vitest';
import type { ManifestEntry } from '../decode/corpus.test-util.js';
import { frameStatistics, pixelStatistics } from '../decode/frame-statistics.js';
import type { DecodedFrame, PixelArray } from '../image/decoded-frame.js';

/** RGB → YBR_FULL (PS3.3 C.7.6.3.1.2), to compare a converted frame with a reference that kept YBR. */
export function rgbToYbrFull(pixels: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(pixels.length);
  const clamp = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
  for (let i = 0; i < pixels.length; i += 3) {
    const r = pixels[i] as number;
    const g = pixels[i + 1] as number;
    const b = pixels[i + 2] as number;
    out[i] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
    out[i + 1] = clamp(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
    out[i + 2] = clamp(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
  }
  return out;
}

/**
 * Lossy tolerance: decoders may round differently in the inverse DCT and colour conversion, so min
 * and max must lie within 2 % of the reference's value range (+1) and the mean within 0.5 % (+0.5).
 */
export function expectLossyMatch(frame: DecodedFrame, entry: ManifestEntry): void {
  const reference = entry.frame0;
  if (reference === undefined) throw new Error(`${entry.file}: manifest has no frame0`);
  expect([frame.info.rows, frame.info.columns]).toEqual(reference.shape.slice(0, 2));
  const stats = frameStatistics(frame);
  const range = Math.max(1, reference.max - reference.min);
  expect(Math.abs(stats.min - reference.min), `min ${stats.min} vs ${reference.min}`).toBeLessThanOrEqual(
    range * 0.02 + 1,
  );
  expect(Math.abs(stats.max - reference.max), `max ${stats.max} vs ${reference.max}`).toBeLessThanOrEqual(
    range * 0.02 + 1,
  );
  expect(Math.abs(stats.mean - reference.mean), `mean ${stats.mean} vs ${reference.mean}`).toBeLessThanOrEqual(
    range * 0.005 + 0.5,
  );
}

/**
 * Lossless (the reference has a hash): SHA-256 equal to the reference's. Otherwise min and max within
 * 1 % of the reference's value range (+1) and the mean within 0.5 % of it.
 */
export function expectReferenceMatch(pixels: PixelArray, reference: NonNullable<ManifestEntry['frame0']>): void {
  const stats = pixelStatistics(pixels);
  if (reference.sha256 !== undefined) {
    expect(stats.sha256).toBe(reference.sha256);
    return;
  }
  const range = reference.max - reference.min;
  expect(Math.abs(stats.min - reference.min)).toBeLessThanOrEqual(range * 0.01 + 1);
  expect(Math.abs(stats.max - reference.max)).toBeLessThanOrEqual(range * 0.01 + 1);
  expect(Math.abs(stats.mean - reference.mean)).toBeLessThanOrEqual(range * 0.005);
}

/** Offset of the first `marker` (FF xx) segment in a JPEG stream's header, or -1. */
export function markerOffset(bytes: Uint8Array, marker: number): number {
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    if (bytes[at + 1] === marker) return at;
    at += 2 + (((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number));
  }
  return -1;
}
