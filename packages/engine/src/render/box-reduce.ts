import type { DecodedFrame, PixelArray } from '../image/decoded-frame.js';
import type { RenderingAttributes } from '../image/rendering-attributes.js';
import { uninitializedPixelArray } from '../image/uninitialized.js';
import { isRescaleOnly } from './modality-lut.js';

/**
 * The integer factor a frame can be box-reduced by before rendering it to fit inside `width` ×
 * `height`: the whole part of the downscale (the rest is left to the resampling encoder), or 1.
 */
export function boxFactor(columns: number, rows: number, width?: number, height?: number): number {
  const scale = Math.min(width === undefined ? 1 : width / columns, height === undefined ? 1 : height / rows);
  return scale >= 1 ? 1 : Math.max(1, Math.floor(1 / scale));
}

/**
 * Whether averaging stored values commutes well enough with the rendering pipeline: the modality
 * stage must be linear (rescale, not a Modality LUT), palette indices cannot be averaged, and a
 * Pixel Padding Value would be blended into its neighbours.
 */
export function reducibleBeforeRendering(frame: DecodedFrame, attributes: RenderingAttributes): boolean {
  const { samplesPerPixel, photometricInterpretation } = frame.info;
  if (samplesPerPixel === 3) return true;
  return (
    samplesPerPixel === 1 &&
    photometricInterpretation !== 'PALETTE COLOR' &&
    attributes.photometricInterpretation !== 'PALETTE COLOR' &&
    attributes.pixelPaddingValue === undefined &&
    isRescaleOnly(attributes)
  );
}

/**
 * Average each `factor` × `factor` block of samples (per sample of interleaved pixels; blocks at the
 * right and bottom edges may be smaller and are averaged over what they hold), rounded to the
 * nearest integer, into a frame `factor` times smaller of the same sample type. Downscaling a large
 * frame this way before the per-sample rendering stages makes a thumbnail cost one cheap pass over
 * the stored samples instead of a lookup per sample and a full-size resample.
 */
export function boxReduce(frame: DecodedFrame, factor: number): DecodedFrame {
  const { rows, columns, samplesPerPixel } = frame.info;
  const k = Math.trunc(factor);
  if (k <= 1) return frame;
  const outColumns = Math.ceil(columns / k);
  const outRows = Math.ceil(rows / k);
  const source = frame.pixels;
  const signed = source instanceof Int8Array || source instanceof Int16Array || source instanceof Int32Array;
  const out = uninitializedPixelArray(source.BYTES_PER_ELEMENT * 8, signed, outColumns * outRows * samplesPerPixel);
  const sums = new Float64Array(outColumns * samplesPerPixel);
  const pairs = samplePairs(source, columns, samplesPerPixel, k);
  for (let outRow = 0; outRow < outRows; outRow++) {
    sums.fill(0);
    const firstRow = outRow * k;
    const blockRows = Math.min(k, rows - firstRow);
    for (let row = firstRow; row < firstRow + blockRows; row++) {
      if (pairs === undefined) addRow(source, row * columns * samplesPerPixel, columns, samplesPerPixel, k, sums);
      else addRowInPairs(pairs, (row * columns) / 2, columns / 2, k / 2, sums);
    }
    const at = outRow * outColumns * samplesPerPixel;
    for (let outColumn = 0; outColumn < outColumns; outColumn++) {
      const count = blockRows * Math.min(k, columns - outColumn * k);
      for (let s = 0; s < samplesPerPixel; s++) {
        const index = outColumn * samplesPerPixel + s;
        out[at + index] = Math.round((sums[index] as number) / count);
      }
    }
  }
  return { ...frame, info: { ...frame.info, rows: outRows, columns: outColumns }, pixels: out };
}

/**
 * Unsigned 16-bit grey with an even factor and row length: the samples as 32-bit words of two, so
 * a row is summed with half the reads (the order of the two halves does not matter to a sum).
 */
function samplePairs(source: PixelArray, columns: number, samples: number, k: number): Uint32Array | undefined {
  if (!(source instanceof Uint16Array) || samples !== 1 || k % 2 !== 0 || columns % 2 !== 0) return undefined;
  if (source.byteOffset % 4 !== 0) return undefined;
  return new Uint32Array(source.buffer, source.byteOffset, source.length / 2);
}

/** `addRow` over words of two 16-bit samples: `half` words a block (the last block may be shorter). */
function addRowInPairs(words: Uint32Array, start: number, wordsInRow: number, half: number, sums: Float64Array) {
  let i = start;
  const end = start + wordsInRow;
  for (let block = 0; i < end; block++) {
    const stop = Math.min(i + half, end);
    let sum = 0;
    for (; i < stop; i++) {
      const word = words[i] as number;
      sum += (word & 0xffff) + (word >>> 16);
    }
    sums[block] = (sums[block] as number) + sum;
  }
}

/** Add one row's samples into `sums`, `k` columns a block (a local sum per block: one store a block). */
function addRow(source: PixelArray, start: number, columns: number, samples: number, k: number, sums: Float64Array) {
  if (samples === 1) {
    let i = start;
    const end = start + columns;
    for (let block = 0; i < end; block++) {
      const stop = Math.min(i + k, end);
      let sum = 0;
      for (; i < stop; i++) sum += source[i] as number;
      sums[block] = (sums[block] as number) + sum;
    }
    return;
  }
  if (samples === 3) {
    addRgbRow(source, start, columns, k, sums);
    return;
  }
  for (let column = 0; column < columns; column++) {
    const base = ((column / k) | 0) * samples;
    const i = start + column * samples;
    for (let s = 0; s < samples; s++) sums[base + s] = (sums[base + s] as number) + (source[i + s] as number);
  }
}

/** `addRow` for interleaved three-sample pixels: three local sums per block, one store each a block. */
function addRgbRow(source: PixelArray, start: number, columns: number, k: number, sums: Float64Array) {
  let i = start;
  const end = start + columns * 3;
  const step = k * 3;
  for (let base = 0; i < end; base += 3) {
    const stop = Math.min(i + step, end);
    let first = 0;
    let second = 0;
    let third = 0;
    for (; i < stop; i += 3) {
      first += source[i] as number;
      second += source[i + 1] as number;
      third += source[i + 2] as number;
    }
    sums[base] = (sums[base] as number) + first;
    sums[base + 1] = (sums[base + 1] as number) + second;
    sums[base + 2] = (sums[base + 2] as number) + third;
  }
}
