import { expect } from 'vitest';
import type { ManifestEntry } from '../decode/corpus.test-util.js';
import { frameStatistics } from '../decode/frame-statistics.js';
import { isEngineError } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';

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

/** The EngineError code a decode fails with, or 'none'; anything else that escapes fails the test. */
export async function errorCode(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (isEngineError(error)) return error.code;
    throw error;
  }
  return 'none';
}

/** Deterministic pseudo-random bytes. */
export function noise(length: number, seed = 12345): Uint8Array {
  let state = seed;
  return new Uint8Array(length).map(() => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state >>> 24;
  });
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
