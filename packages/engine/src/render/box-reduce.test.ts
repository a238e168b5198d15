import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { boxFactor, boxReduce, reducibleBeforeRendering } from './box-reduce.js';
import { plainAttributes, syntheticFrame } from './render-fixtures.test-util.js';
import { renderFrame } from './render-frame.js';

describe('boxFactor', () => {
  it('is the whole part of the downscale, and 1 when there is none to make', () => {
    expect(boxFactor(1024, 1024, 128, 128)).toBe(8);
    expect(boxFactor(640, 480, 128, 128)).toBe(5);
    expect(boxFactor(512, 512, 200, 200)).toBe(2);
    expect(boxFactor(1024, 1024, 800, 800)).toBe(1);
    expect(boxFactor(100, 100, 400, 400)).toBe(1);
    expect(boxFactor(100, 100)).toBe(1);
    expect(boxFactor(1000, 10, 100)).toBe(10);
  });
});

describe('boxReduce', () => {
  it('averages each block, rounding, and averages edge blocks over what they hold', () => {
    // 5 × 3 grey, factor 2: blocks 2×2, 2×2, 1×2 on the first row of blocks; 2×1, 2×1, 1×1 below.
    const pixels = new Uint16Array([1, 2, 3, 4, 5, 3, 4, 5, 6, 7, 10, 20, 30, 40, 50]);
    const reduced = boxReduce(syntheticFrame(pixels, { columns: 5 }), 2);
    expect([reduced.info.columns, reduced.info.rows]).toEqual([3, 2]);
    expect(reduced.pixels).toBeInstanceOf(Uint16Array);
    expect(Array.from(reduced.pixels)).toEqual([3, 5, 6, 15, 35, 50]);
  });

  it('keeps signed samples signed, and averages interleaved colour per sample', () => {
    const signed = boxReduce(syntheticFrame(new Int16Array([-1000, -1002, 10, 11]), { columns: 2 }), 2);
    expect(signed.pixels).toBeInstanceOf(Int16Array);
    expect(Array.from(signed.pixels)).toEqual([-495]);
    const rgb = new Uint8Array([10, 20, 30, 20, 40, 60, 0, 0, 0, 2, 4, 6]); // 2 × 2 RGB
    const colour = boxReduce(syntheticFrame(rgb, { columns: 2, samples: 3, photometric: 'RGB' }), 2);
    expect(Array.from(colour.pixels)).toEqual([8, 16, 24]);
  });

  it('averages colour edge blocks over what they hold, per sample', () => {
    // 5 × 3 RGB, factor 2: the reference averages each block's samples one by one.
    const columns = 5;
    const rows = 3;
    const rgb = new Uint8Array(columns * rows * 3).map((_, i) => (i * 37) % 251);
    const reduced = boxReduce(syntheticFrame(rgb, { columns, samples: 3, photometric: 'RGB' }), 2);
    const expected: number[] = [];
    for (let blockRow = 0; blockRow < 2; blockRow++) {
      for (let blockColumn = 0; blockColumn < 3; blockColumn++) {
        for (let s = 0; s < 3; s++) {
          let sum = 0;
          let count = 0;
          for (let row = blockRow * 2; row < Math.min(rows, blockRow * 2 + 2); row++) {
            for (let column = blockColumn * 2; column < Math.min(columns, blockColumn * 2 + 2); column++) {
              sum += rgb[(row * columns + column) * 3 + s] as number;
              count++;
            }
          }
          expected.push(Math.round(sum / count));
        }
      }
    }
    expect([reduced.info.columns, reduced.info.rows]).toEqual([3, 2]);
    expect(Array.from(reduced.pixels)).toEqual(expected);
  });

  it('sums unsigned 16-bit rows two samples at a time with the same result as one at a time', () => {
    const columns = 30;
    const pixels = new Uint16Array(columns * 9);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919) % 65536;
    const frame = syntheticFrame(pixels, { columns });
    // Factor 4: the pair path (even factor, even row); the same frame as signed 32-bit takes the plain path.
    const plain = boxReduce(syntheticFrame(Int32Array.from(pixels), { columns }), 4);
    const paired = boxReduce(frame, 4);
    expect([paired.info.columns, paired.info.rows]).toEqual([8, 3]);
    expect(Array.from(paired.pixels)).toEqual(Array.from(plain.pixels));
  });

  it('leaves a frame alone for a factor below 2', () => {
    const frame = syntheticFrame(new Uint16Array([1, 2, 3, 4]), { columns: 2 });
    expect(boxReduce(frame, 1)).toBe(frame);
  });
});

describe('reducibleBeforeRendering', () => {
  const grey = syntheticFrame(new Uint16Array(4), { columns: 2 });
  it('allows grey with a linear modality stage and colour', () => {
    expect(reducibleBeforeRendering(grey, plainAttributes({ rescaleSlope: 2, rescaleIntercept: -1024 }))).toBe(true);
    const rgb = syntheticFrame(new Uint8Array(12), { columns: 2, samples: 3, photometric: 'RGB' });
    expect(reducibleBeforeRendering(rgb, plainAttributes({ photometricInterpretation: 'RGB' }))).toBe(true);
  });

  it('refuses palette indices, a Modality LUT and a Pixel Padding Value', () => {
    const modalityLut = { descriptor: { entries: 2, firstValueMapped: 0, bitsPerEntry: 16 }, data: new Uint16Array(2) };
    expect(reducibleBeforeRendering(grey, plainAttributes({ photometricInterpretation: 'PALETTE COLOR' }))).toBe(false);
    expect(reducibleBeforeRendering(grey, plainAttributes({ modalityLut }))).toBe(false);
    expect(reducibleBeforeRendering(grey, plainAttributes({ pixelPaddingValue: -2000 }))).toBe(false);
  });
});

describe('a thumbnail rendered from the box-reduced frame', () => {
  it('is the size the full-resolution path gives and looks like it (mean difference under 2 grey levels)', async () => {
    const size = 512;
    const pixels = new Int16Array(size * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const r = Math.hypot(x - size / 2, y - size / 2);
        pixels[y * size + x] = r < 200 ? Math.round(400 * Math.cos(r / 40) + (x % 7) * 3) : -1000;
      }
    }
    const frame = syntheticFrame(pixels, { columns: size });
    const attributes = plainAttributes({ windows: [{ center: 40, width: 800, function: 'LINEAR' }] });
    const reduced = await renderFrame(frame, attributes, { width: 128, height: 128, format: 'png' });
    // The reference: every sample windowed at full size, then resampled by the encoder.
    const reference = await sharp(Buffer.from(toGrey(pixels, 40, 800)), {
      raw: { width: size, height: size, channels: 1 },
    })
      .resize({ width: 128, height: 128, fit: 'inside', kernel: 'lanczos3' })
      .toColourspace('b-w')
      .raw()
      .toBuffer();
    const ours = await sharp(reduced.data).toColourspace('b-w').raw().toBuffer();
    expect([reduced.width, reduced.height]).toEqual([128, 128]);
    expect(ours.length).toBe(reference.length);
    let difference = 0;
    for (let i = 0; i < ours.length; i++) difference += Math.abs((ours[i] as number) - (reference[i] as number));
    expect(difference / ours.length).toBeLessThan(2);
  });
});

/** LINEAR window (PS3.3 C.11.2.1.2.1) to 8 bits, sample by sample. */
function toGrey(pixels: Int16Array, center: number, width: number): Uint8Array {
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const x = pixels[i] as number;
    const y = ((x - (center - 0.5)) / (width - 1) + 0.5) * 255;
    out[i] = Math.min(255, Math.max(0, Math.round(y)));
  }
  return out;
}
