import type { DecodedFrame, PixelArray } from '../image/decoded-frame.js';
import type { RenderingAttributes } from '../image/rendering-attributes.js';

/** A decoded frame around synthetic samples: one row unless `columns` says otherwise. */
export function syntheticFrame(
  pixels: PixelArray,
  options: { photometric?: string; columns?: number; samples?: 1 | 3; bitsStored?: number } = {},
): DecodedFrame {
  const samples = options.samples ?? 1;
  const columns = options.columns ?? pixels.length / samples;
  const bits = (pixels.BYTES_PER_ELEMENT * 8) as 8 | 16 | 32;
  const signed = pixels instanceof Int8Array || pixels instanceof Int16Array || pixels instanceof Int32Array;
  return {
    info: {
      rows: pixels.length / samples / columns,
      columns,
      samplesPerPixel: samples,
      bitsAllocated: bits,
      bitsStored: options.bitsStored ?? bits,
      pixelRepresentation: signed ? 1 : 0,
      photometricInterpretation: options.photometric ?? 'MONOCHROME2',
    },
    pixels,
  };
}

/** Rendering attributes with no LUTs, no windows, identity rescale. */
export function plainAttributes(overrides: Partial<RenderingAttributes> = {}): RenderingAttributes {
  return {
    photometricInterpretation: 'MONOCHROME2',
    bitsStored: 16,
    pixelRepresentation: 1,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    windows: [],
    voiLuts: [],
    ...overrides,
  };
}

/** A 12-bit pseudo-random ramp of `columns` × `rows`, for resize and encode tests. */
export function noiseFrame(columns: number, rows: number): DecodedFrame {
  const pixels = new Uint16Array(columns * rows);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919) % 4096;
  return syntheticFrame(pixels, { columns, bitsStored: 12 });
}
