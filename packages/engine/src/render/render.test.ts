import type { WindowSpec } from '@lucent/shared';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isEngineError } from '../errors/engine-error.js';
import type { DecodedFrame, PixelArray } from '../image/decoded-frame.js';
import type { RenderingAttributes } from '../image/rendering-attributes.js';
import { toDisplayPixels } from './display-pixels.js';
import { expandSegmentedLut } from './palette.js';
import { renderFrame } from './render-frame.js';
import { applyWindow } from './voi-window.js';

function frame(pixels: PixelArray, photometric = 'MONOCHROME2', columns = pixels.length, samples = 1): DecodedFrame {
  const bits = (pixels.BYTES_PER_ELEMENT * 8) as 8 | 16 | 32;
  const signed = pixels instanceof Int8Array || pixels instanceof Int16Array || pixels instanceof Int32Array;
  return {
    info: {
      rows: pixels.length / samples / columns,
      columns,
      samplesPerPixel: samples,
      bitsAllocated: bits,
      bitsStored: bits,
      pixelRepresentation: signed ? 1 : 0,
      photometricInterpretation: photometric,
    },
    pixels,
  };
}

function attributes(overrides: Partial<RenderingAttributes> = {}): RenderingAttributes {
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

const grey = (pixels: PixelArray, attrs: RenderingAttributes, window?: WindowSpec) =>
  Array.from(toDisplayPixels(frame(pixels), attrs, window).data);

const ct = (fn: WindowSpec['function']): WindowSpec => ({ center: 40, width: 400, function: fn });

describe('VOI functions (PS3.3 C.11.2.1.2), c = 40, w = 400', () => {
  it('LINEAR: ((x − (c − ½)) / (w − 1) + ½) · 255 inside, clamped at c − ½ ∓ (w − 1)/2', () => {
    // x = 40: (0.5 / 399 + 0.5) · 255 = 127.8195…
    expect(applyWindow(40, ct('LINEAR'))).toBeCloseTo(127.8195, 3);
    // x = 100: (60.5 / 399 + 0.5) · 255 = 166.1654…
    expect(applyWindow(100, ct('LINEAR'))).toBeCloseTo(166.1654, 3);
    // lower edge: x ≤ 39.5 − 199.5 = −160 → 0; x = 239 is still inside and maps to exactly 255
    expect(applyWindow(-160, ct('LINEAR'))).toBe(0);
    expect(applyWindow(239, ct('LINEAR'))).toBeCloseTo(255, 9);
    expect(grey(new Int16Array([-1000, -160, 40, 100, 239, 1000]), attributes(), ct('LINEAR'))).toEqual([
      0, 0, 128, 166, 255, 255,
    ]);
  });

  it('LINEAR_EXACT: ((x − c) / w + ½) · 255 — the standard keeps the + ½ term', () => {
    // x = 140: (100 / 400 + 0.5) · 255 = 191.25; without the + ½ (Orthanc, dcmjs-imaging) it would be 63.75
    expect(applyWindow(140, ct('LINEAR_EXACT'))).toBeCloseTo(191.25, 9);
    // x = 40 → 127.5; x ≤ c − w/2 = −160 → 0; x = 240 = c + w/2 → 255 (not > so computed: (0.5 + 0.5) · 255)
    expect(applyWindow(40, ct('LINEAR_EXACT'))).toBeCloseTo(127.5, 9);
    expect(applyWindow(-160, ct('LINEAR_EXACT'))).toBe(0);
    expect(applyWindow(240, ct('LINEAR_EXACT'))).toBeCloseTo(255, 9);
    expect(grey(new Int16Array([-160, 40, 140, 240]), attributes(), ct('LINEAR_EXACT'))).toEqual([0, 128, 191, 255]);
  });

  it('SIGMOID: 255 / (1 + exp(−4 (x − c) / w))', () => {
    // x = 140: 255 / (1 + e^−1) = 186.4198…; x = 40: 127.5; x = −60: 255 / (1 + e) = 68.580…
    expect(applyWindow(140, ct('SIGMOID'))).toBeCloseTo(186.4198, 3);
    expect(applyWindow(40, ct('SIGMOID'))).toBeCloseTo(127.5, 9);
    expect(applyWindow(-60, ct('SIGMOID'))).toBeCloseTo(68.5802, 3);
    expect(grey(new Int16Array([-60, 40, 140]), attributes(), ct('SIGMOID'))).toEqual([69, 128, 186]);
  });
});

describe('modality and VOI stages', () => {
  it('rescale slope/intercept before the window', () => {
    // slope 2, intercept −1024: stored 512 → 0, 537 → 50; window LINEAR_EXACT c 0 w 100 → 127.5, 255
    const attrs = attributes({ rescaleSlope: 2, rescaleIntercept: -1024 });
    const window: WindowSpec = { center: 0, width: 100, function: 'LINEAR_EXACT' };
    expect(grey(new Uint16Array([462, 512, 537]), attrs, window)).toEqual([0, 128, 255]);
  });

  it('the Modality LUT Sequence replaces rescale', () => {
    // LUT first value 10: stored 12 → 200, 5 → 0 (below → first entry), 20 → 300 (past → last)
    const modalityLut = { descriptor: { entries: 4, firstValueMapped: 10, bitsPerEntry: 16 }, data: new Uint16Array([0, 100, 200, 300]) };
    const attrs = attributes({ modalityLut, rescaleSlope: 1000 });
    // window c 150 w 300 LINEAR_EXACT: 200 → (50/300 + ½) · 255 = 170; 0 → 0; 300 → 255
    const window: WindowSpec = { center: 150, width: 300, function: 'LINEAR_EXACT' };
    expect(grey(new Uint16Array([12, 5, 20]), attrs, window)).toEqual([170, 0, 255]);
  });

  it('the VOI LUT Sequence when the file has no window', () => {
    // 8-bit LUT [0, 128, 255] from 0: 1 → 128, 7 → 255 (past the end), 0 → 0
    const voiLuts = [{ descriptor: { entries: 3, firstValueMapped: 0, bitsPerEntry: 8 }, data: new Uint16Array([0, 128, 255]) }];
    expect(grey(new Uint16Array([0, 1, 7]), attributes({ voiLuts }))).toEqual([0, 128, 255]);
    // A 12-bit LUT scales 4095 → 255, 2048 → 127.53 → 128
    const deep = [{ descriptor: { entries: 2, firstValueMapped: 0, bitsPerEntry: 12 }, data: new Uint16Array([2048, 4095]) }];
    expect(grey(new Uint16Array([0, 1]), attributes({ voiLuts: deep }))).toEqual([128, 255]);
  });

  it('the window from the file, and a caller window over it', () => {
    const attrs = attributes({ windows: [{ center: 40, width: 400, function: 'LINEAR_EXACT' }] });
    expect(grey(new Int16Array([140]), attrs)).toEqual([191]);
    expect(grey(new Int16Array([140]), attrs, { center: 140, width: 10, function: 'LINEAR_EXACT' })).toEqual([128]);
  });

  it('a default window spanning the frame when the file has none', () => {
    expect(grey(new Uint16Array([100, 600, 1100]), attributes())).toEqual([0, 128, 255]);
  });

  it('MONOCHROME1 inverts after the VOI', () => {
    const attrs = attributes({ photometricInterpretation: 'MONOCHROME1' });
    expect(grey(new Int16Array([-160, 140]), attrs, ct('LINEAR_EXACT'))).toEqual([255, 64]);
  });

  it('32-bit data go through the per-pixel path', () => {
    expect(grey(new Uint32Array([795000, 1024500, 1254000]), attributes({ pixelRepresentation: 0 }))).toEqual([0, 128, 255]);
  });
});

describe('colour', () => {
  it('PALETTE COLOR with 8-bit and 16-bit entries', () => {
    const channel = (data: number[], bits: number) => ({
      descriptor: { entries: data.length, firstValueMapped: 1, bitsPerEntry: bits },
      data: new Uint16Array(data),
      segmented: false,
    });
    const palette = { red: channel([255, 0], 8), green: channel([0, 65535], 16), blue: channel([10, 32768], 16) };
    const out = toDisplayPixels(frame(new Uint8Array([1, 2, 0]), 'PALETTE COLOR'), attributes({ palette }));
    // index 1 → first entries; 2 → second; 0 is below the first mapped value → first entries
    // green/blue are 16-bit: 65535 >> 8 = 255, 32768 >> 8 = 128; red stays 8-bit
    expect(Array.from(out.data)).toEqual([255, 0, 0, 0, 255, 128, 255, 0, 0]);
    expect(out.channels).toBe(3);
  });

  it('segmented palette LUTs: discrete, linear and indirect segments (PS3.3 C.7.9.2)', () => {
    // discrete 10 20 30, then linear to 50 over 2 entries (40, 50), then indirect: repeat segment at word 0
    const segments = new Uint16Array([0, 3, 10, 20, 30, 1, 2, 50, 2, 1, 0, 0]);
    expect(Array.from(expandSegmentedLut(segments, 8))).toEqual([10, 20, 30, 40, 50, 10, 20, 30]);
  });

  it('YBR_FULL → RGB (PS3.3 C.7.6.3.1.2)', () => {
    // grey stays grey; Y 76, Cb 85, Cr 255 → R 76 + 1.402·127 = 254.05, G 0.10, B −0.20
    const out = toDisplayPixels(frame(new Uint8Array([128, 128, 128, 76, 85, 255]), 'YBR_FULL', 2, 3), attributes());
    expect(Array.from(out.data)).toEqual([128, 128, 128, 254, 0, 0]);
  });

  it('RGB as decoded, and 16-bit RGB scaled by Bits Stored', () => {
    const rgb = toDisplayPixels(frame(new Uint8Array([1, 2, 3]), 'RGB', 1, 3), attributes());
    expect(Array.from(rgb.data)).toEqual([1, 2, 3]);
    const deep = toDisplayPixels(frame(new Uint16Array([65535, 256, 0]), 'RGB', 1, 3), attributes());
    expect(Array.from(deep.data)).toEqual([255, 1, 0]);
  });
});

describe('resize and encode', () => {
  const ramp = (columns: number, rows: number) => {
    const pixels = new Uint16Array(columns * rows);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919) % 4096;
    return frame(pixels, 'MONOCHROME2', columns);
  };

  it('fits inside width × height keeping the aspect, never upscaling', async () => {
    const wide = await renderFrame(ramp(512, 256), attributes(), { width: 128, height: 128 });
    expect([wide.width, wide.height]).toEqual([128, 64]);
    const small = await renderFrame(ramp(64, 64), attributes(), { width: 128, height: 128 });
    expect([small.width, small.height]).toEqual([64, 64]);
  });

  it('encodes JPEG, PNG, WebP and AVIF that decode back to the size', async () => {
    for (const format of ['jpeg', 'png', 'webp', 'avif'] as const) {
      const image = await renderFrame(ramp(96, 48), attributes(), { format, width: 48 });
      const meta = await sharp(image.data).metadata();
      expect(meta.format === 'heif' ? 'avif' : meta.format).toBe(format);
      expect([meta.width, meta.height]).toEqual([48, 24]);
      expect(image.mimeType).toBe(`image/${format}`);
    }
  });

  it('quality changes the JPEG size', async () => {
    const low = await renderFrame(ramp(256, 256), attributes(), { quality: 10 });
    const high = await renderFrame(ramp(256, 256), attributes(), { quality: 95 });
    expect(low.data.length).toBeLessThan(high.data.length);
  });

  it('invalid options are typed errors', async () => {
    const code = async (options: Parameters<typeof renderFrame>[2]) =>
      renderFrame(ramp(8, 8), attributes(), options).then(
        () => 'none',
        (error: unknown) => (isEngineError(error) ? error.code : 'untyped'),
      );
    expect(await code({ quality: 0 })).toBe('INVALID_RENDER_OPTIONS');
    expect(await code({ width: -1 })).toBe('INVALID_RENDER_OPTIONS');
    expect(await code({ window: { center: 0, width: 0, function: 'LINEAR' } })).toBe('INVALID_RENDER_OPTIONS');
  });
});
