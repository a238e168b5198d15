import { describe, expect, it } from 'vitest';
import type { PixelArray } from '../image/decoded-frame.js';
import { toDisplayPixels } from './display-pixels.js';
import { plainAttributes, syntheticFrame } from './render-fixtures.test-util.js';

const rgb = (pixels: PixelArray, photometric: string, bitsStored?: number) => {
  const frame = syntheticFrame(pixels, {
    photometric,
    samples: 3,
    ...(bitsStored === undefined ? {} : { bitsStored }),
  });
  const out = toDisplayPixels(frame, plainAttributes({ photometricInterpretation: photometric }));
  expect(out.channels).toBe(3);
  return Array.from(out.data);
};

describe('colour by the decoded photometric interpretation', () => {
  it('YBR_FULL → RGB (PS3.3 C.7.6.3.1.2) for known colours', () => {
    // Grey (128, 128, 128) stays grey.
    // Red (255, 0, 0) is stored as Y 76, Cb 85, Cr 255: R = 76 + 1.402 · 127 = 254.05 → 254,
    //   G = 76 + 0.344136 · 43 − 0.714136 · 127 = 0.10 → 0, B = 76 − 1.772 · 43 = −0.20 → 0.
    // Blue (0, 0, 255) is Y 29, Cb 255, Cr 107: R = 29 − 1.402 · 21 = −0.44 → 0,
    //   G = 29 − 0.344136 · 127 + 0.714136 · 21 = 0.29 → 0, B = 29 + 1.772 · 127 = 254.04 → 254.
    expect(rgb(new Uint8Array([128, 128, 128, 76, 85, 255, 29, 255, 107]), 'YBR_FULL')).toEqual([
      128, 128, 128, 254, 0, 0, 0, 0, 254,
    ]);
  });

  it('YBR_FULL_422 as decoded (chroma upsampled) converts the same way', () => {
    expect(rgb(new Uint8Array([76, 85, 255]), 'YBR_FULL_422')).toEqual([254, 0, 0]);
  });

  it('YBR_PARTIAL uses the studio range: Y 235 is white, Y 16 black', () => {
    expect(rgb(new Uint8Array([235, 128, 128, 16, 128, 128]), 'YBR_PARTIAL_420')).toEqual([255, 255, 255, 0, 0, 0]);
  });

  it('RGB passes through, whatever the stored interpretation was', () => {
    expect(rgb(new Uint8Array([1, 2, 3, 250, 128, 0]), 'RGB')).toEqual([1, 2, 3, 250, 128, 0]);
  });

  it('16-bit RGB is scaled to 8 bits by Bits Stored', () => {
    // 16 bits stored: >> 8. 65535 → 255, 256 → 1, 255 → 0
    expect(rgb(new Uint16Array([65535, 256, 255]), 'RGB')).toEqual([255, 1, 0]);
    // 12 bits stored: >> 4. 4095 → 255, 2048 → 128, 16 → 1
    expect(rgb(new Uint16Array([4095, 2048, 16]), 'RGB', 12)).toEqual([255, 128, 1]);
  });
});
