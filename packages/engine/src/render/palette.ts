import { Errors } from '../errors/engine-error.js';
import type { PixelArray } from '../image/decoded-frame.js';
import type { PaletteChannel, RenderingAttributes } from '../image/rendering-attributes.js';
import { uninitializedBytes } from '../image/uninitialized.js';
import { expandSegmentedLut } from './segmented-lut.js';

/**
 * One palette channel as an 8-bit table indexed by (stored value − first value mapped). Segmented
 * channels are expanded first. 16-bit entries are scaled by >> 8 — unless no entry exceeds 255,
 * which is how writers that declare 16 bits but store 8-bit values are recognised.
 */
export function paletteTable(channel: PaletteChannel): Uint8Array {
  const entries = channel.descriptor.entries > 0 ? channel.descriptor.entries : 65536;
  const data = channel.segmented ? expandSegmentedLut(channel.data, entries) : channel.data;
  if (data.length === 0) throw Errors.invalidPixelModule('palette colour LUT has no data');
  let max = 0;
  for (let i = 0; i < data.length; i++) max = Math.max(max, data[i] as number);
  const shift = channel.descriptor.bitsPerEntry > 8 && max > 255 ? 8 : 0;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = (data[i] as number) >> shift;
  return out;
}

/**
 * PALETTE COLOR (PS3.3 C.7.6.3.1.5): each stored index → (red, green, blue) through the palette
 * LUTs; indices below a channel's first value mapped take its first entry, past its end its last.
 */
export function renderPalette(pixels: PixelArray, attributes: RenderingAttributes): Uint8Array {
  const palette = attributes.palette;
  if (palette === undefined) throw Errors.invalidPixelModule('PALETTE COLOR image without palette LUTs');
  const out = uninitializedBytes(pixels.length * 3);
  [palette.red, palette.green, palette.blue].forEach((channel, c) => {
    const table = paletteTable(channel);
    const first = channel.descriptor.firstValueMapped;
    const last = table.length - 1;
    for (let i = 0; i < pixels.length; i++) {
      const index = (pixels[i] as number) - first;
      out[i * 3 + c] = table[index <= 0 ? 0 : Math.min(index, last)] as number;
    }
  });
  return out;
}
