import type { WindowSpec } from '@lucent/shared';
import type { PixelArray } from '../image/decoded-frame.js';
import type { ValueTransform } from './modality-lut.js';

export interface ValueRange {
  min: number;
  max: number;
}

/**
 * The smallest and largest sample of a frame, skipping Pixel Padding Value. When every sample is
 * padding, the padding value itself (an empty frame gives 0..0).
 */
export function storedValueRange(pixels: PixelArray, padding?: number): ValueRange {
  const range = pixels instanceof Uint32Array ? wideRange(pixels, padding) : int32Range(pixels, padding);
  if (range.min <= range.max) return range;
  return padding === undefined || pixels.length === 0 ? { min: 0, max: 0 } : { min: padding, max: padding };
}

/** Samples that fit an int32: small-integer arithmetic throughout (the hot path for ≤ 16-bit data). */
function int32Range(pixels: Exclude<PixelArray, Uint32Array>, padding: number | undefined): ValueRange {
  // A padding value that is not an int32 matches no sample.
  const skipPadding = padding !== undefined && Number.isInteger(padding) && (padding | 0) === padding;
  const skip = skipPadding ? (padding as number) | 0 : 0;
  let min = 0x7fffffff;
  let max = -0x80000000;
  const n = pixels.length;
  for (let i = 0; i < n; i++) {
    const v = (pixels[i] as number) | 0;
    if (skipPadding && v === skip) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : { min: 1, max: 0 };
}

function wideRange(pixels: Uint32Array, padding: number | undefined): ValueRange {
  const skip = padding ?? Number.NaN;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i] as number;
    if (v === skip) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : { min: 1, max: 0 };
}

/**
 * The range of the modality values of a frame's samples (padding skipped). A monotonic modality
 * stage maps the stored range's end points; a Modality LUT is applied to each distinct sample.
 */
export function modalityValueRange(
  pixels: PixelArray,
  stored: ValueRange,
  modality: ValueTransform,
  monotonic: boolean,
  padding?: number,
): ValueRange {
  if (monotonic) {
    const a = modality(stored.min);
    const b = modality(stored.max);
    return { min: Math.min(a, b), max: Math.max(a, b) };
  }
  const range = { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
  const include = (stored: number) => {
    const m = modality(stored);
    if (m < range.min) range.min = m;
    if (m > range.max) range.max = m;
  };
  const span = stored.max - stored.min;
  const skip = padding ?? Number.NaN;
  if (span <= 0xffff) {
    // Mark the distinct values once, then map each through the LUT.
    const seen = new Uint8Array(span + 1);
    for (let i = 0; i < pixels.length; i++) {
      const v = pixels[i] as number;
      if (v !== skip && v >= stored.min && v <= stored.max) seen[v - stored.min] = 1;
    }
    for (let i = 0; i <= span; i++) if (seen[i] === 1) include(stored.min + i);
  } else {
    for (let i = 0; i < pixels.length; i++) if (pixels[i] !== skip) include(pixels[i] as number);
  }
  if (!(range.min <= range.max)) include(stored.min);
  return range;
}

/**
 * The window used when neither the caller nor the file gives one: LINEAR_EXACT spanning the
 * frame's modality values, so the smallest maps to 0 and the largest to 255. A flat frame gets a
 * unit width centred half a unit above its value (all black).
 */
export function defaultWindow(range: ValueRange): WindowSpec {
  const width = range.max > range.min ? range.max - range.min : 1;
  return { center: range.min + width / 2, width, function: 'LINEAR_EXACT' };
}
