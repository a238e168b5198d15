import type { WindowSpec } from '@lucent/shared';
import { Errors } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import type { RenderingAttributes } from '../image/rendering-attributes.js';
import { renderGrayscale } from './grayscale.js';
import { paletteTable } from './palette.js';
import { ybrFullToRgb, ybrPartialToRgb } from './ybr.js';

/** 8-bit pixels ready to encode: grey (1 channel) or RGB (3), interleaved. */
export interface DisplayPixels {
  data: Uint8Array;
  channels: 1 | 3;
  width: number;
  height: number;
}

function colourTo8Bit(frame: DecodedFrame, bitsStored: number): Uint8Array {
  const { pixels } = frame;
  if (pixels instanceof Uint8Array) return new Uint8Array(pixels);
  const shift = Math.max(0, bitsStored - 8);
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const v = (pixels[i] as number) / 2 ** shift;
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.floor(v);
  }
  return out;
}

function renderPalette(frame: DecodedFrame, attributes: RenderingAttributes): Uint8Array {
  const palette = attributes.palette;
  if (palette === undefined) throw Errors.renderFailed('PALETTE COLOR image without a palette');
  const channels = [palette.red, palette.green, palette.blue].map((channel) => ({
    table: paletteTable(channel),
    first: channel.descriptor.firstValueMapped,
  }));
  const { pixels } = frame;
  const out = new Uint8Array(pixels.length * 3);
  for (let i = 0; i < pixels.length; i++) {
    for (let c = 0; c < 3; c++) {
      const { table, first } = channels[c] as { table: Uint8Array; first: number };
      const index = (pixels[i] as number) - first;
      out[i * 3 + c] = table[index <= 0 ? 0 : index >= table.length ? table.length - 1 : index] as number;
    }
  }
  return out;
}

/**
 * The pure 8-bit stage of rendering. Monochrome: modality LUT, VOI, MONOCHROME1 inversion. Colour:
 * the decoded photometric interpretation decides (decoders report RGB when they converted).
 */
export function toDisplayPixels(
  frame: DecodedFrame,
  attributes: RenderingAttributes,
  window?: WindowSpec,
): DisplayPixels {
  const { rows: height, columns: width, samplesPerPixel } = frame.info;
  const photometric = frame.info.photometricInterpretation;
  if (samplesPerPixel === 3) {
    const data = colourTo8Bit(frame, frame.info.bitsStored);
    if (photometric === 'YBR_FULL' || photometric === 'YBR_FULL_422') ybrFullToRgb(data);
    else if (photometric.startsWith('YBR_PARTIAL')) ybrPartialToRgb(data);
    return { data, channels: 3, width, height };
  }
  if (samplesPerPixel !== 1) throw Errors.renderFailed(`cannot render ${samplesPerPixel} samples a pixel`);
  if (photometric === 'PALETTE COLOR') return { data: renderPalette(frame, attributes), channels: 3, width, height };
  return { data: renderGrayscale(frame, attributes, window), channels: 1, width, height };
}
