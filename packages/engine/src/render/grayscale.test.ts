import type { WindowSpec } from '@lucent/shared';
import { describe, expect, it } from 'vitest';
import type { PixelArray } from '../image/decoded-frame.js';
import type { LookupTable, RenderingAttributes } from '../image/rendering-attributes.js';
import { toDisplayPixels } from './display-pixels.js';
import { plainAttributes, syntheticFrame } from './render-fixtures.test-util.js';

const grey = (pixels: PixelArray, attributes: RenderingAttributes, window?: WindowSpec) =>
  Array.from(toDisplayPixels(syntheticFrame(pixels), attributes, window).data);

const exact = (center: number, width: number): WindowSpec => ({ center, width, function: 'LINEAR_EXACT' });

const lut = (firstValueMapped: number, bitsPerEntry: number, data: number[]): LookupTable => ({
  descriptor: { entries: data.length, firstValueMapped, bitsPerEntry },
  data: new Uint16Array(data),
});

describe('windows through the lookup table', () => {
  it('LINEAR, LINEAR_EXACT and SIGMOID round to 8 bits', () => {
    // LINEAR c 40 w 400: −1000, −160 → 0; 40 → 127.82 → 128; 100 → 166.17 → 166; 239 → 255; 1000 → 255
    const linear: WindowSpec = { center: 40, width: 400, function: 'LINEAR' };
    expect(grey(new Int16Array([-1000, -160, 40, 100, 239, 1000]), plainAttributes(), linear)).toEqual([
      0, 0, 128, 166, 255, 255,
    ]);
    // LINEAR_EXACT: −160 → 0; 40 → 127.5 → 128; 140 → 191.25 → 191; 240 → 255
    expect(grey(new Int16Array([-160, 40, 140, 240]), plainAttributes(), exact(40, 400))).toEqual([0, 128, 191, 255]);
    // SIGMOID: −60 → 68.58 → 69; 40 → 127.5 → 128; 140 → 186.42 → 186
    const sigmoid: WindowSpec = { center: 40, width: 400, function: 'SIGMOID' };
    expect(grey(new Int16Array([-60, 40, 140]), plainAttributes(), sigmoid)).toEqual([69, 128, 186]);
  });
});

describe('modality stage', () => {
  it('applies Rescale Slope and Intercept before the window', () => {
    // slope 2, intercept −1024: stored 462 → −100, 512 → 0, 537 → 50; LINEAR_EXACT c 0 w 100 → 0, 127.5, 255
    const attributes = plainAttributes({ rescaleSlope: 2, rescaleIntercept: -1024 });
    expect(grey(new Uint16Array([462, 512, 537]), attributes, exact(0, 100))).toEqual([0, 128, 255]);
  });

  it('uses the Modality LUT Sequence instead of rescale when present', () => {
    // LUT from 10: [0, 100, 200, 300]. 12 → 200, 5 → 0 (below the first value), 20 → 300 (past the end).
    // LINEAR_EXACT c 150 w 300: 200 → (50 / 300 + ½) · 255 = 170; 0 → 0; 300 → 255. Slope 1000 is ignored.
    const attributes = plainAttributes({ modalityLut: lut(10, 16, [0, 100, 200, 300]), rescaleSlope: 1000 });
    expect(grey(new Uint16Array([12, 5, 20]), attributes, exact(150, 300))).toEqual([170, 0, 255]);
  });
});

describe('choice of the VOI stage', () => {
  const fileWindow = plainAttributes({ windows: [exact(40, 400), exact(1000, 10)] });

  it('uses the file’s first window when the caller gives none', () => {
    // 140 in c 40 w 400 → 191.25 → 191
    expect(grey(new Int16Array([140]), fileWindow)).toEqual([191]);
  });

  it('prefers the caller’s window over the file’s', () => {
    // 140 in c 140 w 10 → 127.5 → 128
    expect(grey(new Int16Array([140]), fileWindow, exact(140, 10))).toEqual([128]);
  });

  it('uses the VOI LUT Sequence when the file has no window, clamping at both ends', () => {
    // 8-bit LUT from 0: [0, 128, 255]; 0 → 0, 1 → 128, 7 (past the end) → 255
    expect(grey(new Uint16Array([0, 1, 7]), plainAttributes({ voiLuts: [lut(0, 8, [0, 128, 255])] }))).toEqual([
      0, 128, 255,
    ]);
  });

  it('scales the VOI LUT from its bit depth to 8 bits, after rescale', () => {
    // 12-bit LUT: 2048 · 255 / 4095 = 127.53 → 128; 4095 → 255
    expect(grey(new Uint16Array([0, 1]), plainAttributes({ voiLuts: [lut(0, 12, [2048, 4095])] }))).toEqual([128, 255]);
    // 16-bit LUT from −1000, intercept −1000: stored 0 → −1000 → 0; 1 → 65535 → 255; −50 (below) → 0
    const attributes = plainAttributes({ rescaleIntercept: -1000, voiLuts: [lut(-1000, 16, [0, 65535])] });
    expect(grey(new Int16Array([0, 1, -50]), attributes)).toEqual([0, 255, 0]);
    // Declared 8 bits but holding 12-bit data: the range widens to 4095, 2048 → 128
    expect(grey(new Uint16Array([0]), plainAttributes({ voiLuts: [lut(0, 8, [2048, 4095])] }))).toEqual([128]);
  });

  it('a window in the file wins over its VOI LUT; an unusable window is skipped', () => {
    const voiLuts = [lut(0, 8, [7, 7])];
    expect(grey(new Int16Array([140]), plainAttributes({ windows: [exact(40, 400)], voiLuts }))).toEqual([191]);
    const badWindow: WindowSpec = { center: 0, width: 0.5, function: 'LINEAR' };
    expect(grey(new Int16Array([0]), plainAttributes({ windows: [badWindow], voiLuts }))).toEqual([7]);
  });

  it('defaults to the frame’s modality range when the file has no VOI', () => {
    // 100..1100 → c 600 w 1000 LINEAR_EXACT: 100 → 0, 600 → 127.5 → 128, 1100 → 255
    expect(grey(new Uint16Array([100, 600, 1100]), plainAttributes())).toEqual([0, 128, 255]);
    // Through rescale with a negative slope: stored 0 → 0, 10 → −10; range −10..0
    expect(grey(new Uint16Array([0, 10]), plainAttributes({ rescaleSlope: -1 }))).toEqual([255, 0]);
  });

  it('the default ignores Pixel Padding Value', () => {
    // Range 0..200 without the padding −2000: 100 → 128. Counting the padding, 100 would give 243.
    const attributes = plainAttributes({ pixelPaddingValue: -2000 });
    expect(grey(new Int16Array([-2000, 0, 100, 200]), attributes)).toEqual([0, 0, 128, 255]);
  });

  it('the default spans only the modality values present (non-monotonic Modality LUT)', () => {
    // LUT from 10: [0, 100, 50, 300]; stored 10, 11, 12 → 0, 100, 50; 300 (stored 13) is absent
    const attributes = plainAttributes({ modalityLut: lut(10, 16, [0, 100, 50, 300]) });
    expect(grey(new Uint16Array([10, 11, 12]), attributes)).toEqual([0, 255, 128]);
  });

  it('a flat frame renders black', () => {
    expect(grey(new Uint16Array([7, 7]), plainAttributes())).toEqual([0, 0]);
  });
});

describe('MONOCHROME1 and wide data', () => {
  it('inverts after the VOI stage', () => {
    // 140 → 191 → 64; padding and the lowest value → 0 → 255
    const attributes = plainAttributes({ photometricInterpretation: 'MONOCHROME1' });
    expect(grey(new Int16Array([-160, 140]), attributes, exact(40, 400))).toEqual([255, 64]);
    const padded = plainAttributes({ photometricInterpretation: 'MONOCHROME1', pixelPaddingValue: -2000 });
    expect(grey(new Int16Array([-2000, 0, 200]), padded)).toEqual([255, 255, 0]);
  });

  it('32-bit data with a wide range take the per-sample path', () => {
    // span 459000 > 65535; default c 1024500 w 459000: middle → 127.5 → 128
    expect(grey(new Uint32Array([795000, 1024500, 1254000]), plainAttributes({ pixelRepresentation: 0 }))).toEqual([
      0, 128, 255,
    ]);
    // A signed 32-bit frame with a small range still uses the table
    expect(grey(new Int32Array([-5, 0, 5]), plainAttributes())).toEqual([0, 128, 255]);
  });

  it('8-bit signed and 1-bit data', () => {
    // c 0 w 254: −128 ≤ −127 → 0; 0 → 127.5 → 128; 127 = c + w/2 → 255
    expect(grey(new Int8Array([-128, 0, 127]), plainAttributes(), exact(0, 254))).toEqual([0, 128, 255]);
    expect(grey(new Uint8Array([0, 1, 1]), plainAttributes())).toEqual([0, 255, 255]);
  });

  it('reuses tables only for the same pipeline', () => {
    // The same samples through window A, B, A, then a different Bits Stored and inversion
    const pixels = new Int16Array([-160, 40, 140, 240]);
    expect(grey(pixels, plainAttributes(), exact(40, 400))).toEqual([0, 128, 191, 255]);
    expect(grey(pixels, plainAttributes(), exact(140, 200))).toEqual([0, 0, 128, 255]);
    expect(grey(pixels, plainAttributes(), exact(40, 400))).toEqual([0, 128, 191, 255]);
    const mono1 = plainAttributes({ photometricInterpretation: 'MONOCHROME1' });
    expect(grey(pixels, mono1, exact(40, 400))).toEqual([255, 127, 64, 0]);
    const twelveBits = toDisplayPixels(syntheticFrame(pixels, { bitsStored: 12 }), plainAttributes(), exact(40, 400));
    expect(Array.from(twelveBits.data)).toEqual([0, 128, 191, 255]);
    // Two Modality LUTs with the same shape but different data
    const a = plainAttributes({ modalityLut: lut(0, 16, [0, 100]) });
    const b = plainAttributes({ modalityLut: lut(0, 16, [100, 0]) });
    expect(grey(new Uint16Array([0, 1]), a, exact(50, 100))).toEqual([0, 255]);
    expect(grey(new Uint16Array([0, 1]), b, exact(50, 100))).toEqual([255, 0]);
  });

  it('degenerate attributes fall back instead of failing', () => {
    // A non-finite slope counts as 1; an empty Modality LUT as absent (rescale applies): 0..10 spans the default
    expect(grey(new Uint16Array([0, 10]), plainAttributes({ rescaleSlope: Number.NaN }))).toEqual([0, 255]);
    const emptyLut = plainAttributes({ modalityLut: lut(0, 16, []), rescaleIntercept: 100 });
    expect(grey(new Uint16Array([0]), emptyLut, exact(100, 10))).toEqual([128]);
    // An empty VOI LUT is skipped for the default; a zero bits-per-entry reads as 16
    expect(grey(new Uint16Array([0, 10]), plainAttributes({ voiLuts: [lut(0, 8, [])] }))).toEqual([0, 255]);
    expect(grey(new Uint16Array([0, 1]), plainAttributes({ voiLuts: [lut(0, 0, [0, 65535])] }))).toEqual([0, 255]);
  });
});
