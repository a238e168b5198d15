import type { WindowSpec } from '@lucent/shared';
import { Errors } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import type { RenderingAttributes } from '../image/rendering-attributes.js';
import { renderColour } from './colour.js';
import { renderGrayscale } from './grayscale.js';
import { renderPalette } from './palette.js';

/** 8-bit pixels ready to encode: grey (1 channel) or RGB (3), interleaved, row by row. */
export interface DisplayPixels {
  data: Uint8Array;
  channels: 1 | 3;
  width: number;
  height: number;
}

/** A frame whose size and sample count agree, or RENDER_FAILED. */
export function checkFrame(frame: DecodedFrame): void {
  const { rows, columns, samplesPerPixel } = frame.info;
  if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows <= 0 || columns <= 0) {
    throw Errors.renderFailed(`decoded frame has no pixels (${columns} × ${rows})`);
  }
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw Errors.renderFailed(`cannot render ${samplesPerPixel} samples a pixel`);
  }
  const expected = rows * columns * samplesPerPixel;
  if (frame.pixels.length !== expected) {
    throw Errors.renderFailed(`decoded frame holds ${frame.pixels.length} samples, ${expected} expected`);
  }
}

/**
 * The pure 8-bit stage of rendering. Monochrome: modality LUT, VOI (`window`, else the file's),
 * MONOCHROME1 inversion. PALETTE COLOR: the palette LUTs. Three samples: converted to RGB by the
 * decoded photometric interpretation (decoders report RGB when they converted colour).
 */
export function toDisplayPixels(
  frame: DecodedFrame,
  attributes: RenderingAttributes,
  window?: WindowSpec,
): DisplayPixels {
  checkFrame(frame);
  const { rows: height, columns: width, samplesPerPixel, photometricInterpretation } = frame.info;
  if (samplesPerPixel === 3) {
    const data = renderColour(frame.pixels, frame.info.bitsStored, photometricInterpretation);
    return { data, channels: 3, width, height };
  }
  if (photometricInterpretation === 'PALETTE COLOR' || attributes.photometricInterpretation === 'PALETTE COLOR') {
    return { data: renderPalette(frame.pixels, attributes), channels: 3, width, height };
  }
  const data = renderGrayscale(frame.pixels, attributes, window, frame.info.bitsStored);
  return { data, channels: 1, width, height };
}
