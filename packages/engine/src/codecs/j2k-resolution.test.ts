import { describe, expect, it } from 'vitest';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import { chooseDecompositionLevel, type J2kGeometry, sizeAtLevel } from './j2k-resolution.js';

const image = (width: number, height: number, decompositions = 5): J2kGeometry => ({
  x0: 0,
  y0: 0,
  x1: width,
  y1: height,
  decompositions,
});

describe('chooseDecompositionLevel', () => {
  it('decodes at full size without fitWithin', () => {
    expect(chooseDecompositionLevel(image(2048, 2048), undefined)).toBe(0);
  });

  it('decodes at full size when the image already fits', () => {
    expect(chooseDecompositionLevel(image(512, 512), { width: 512, height: 512 })).toBe(0);
    expect(chooseDecompositionLevel(image(512, 512), { width: 1000, height: 800 })).toBe(0);
  });

  it('halves as often as the output still covers the box', () => {
    expect(chooseDecompositionLevel(image(512, 512), { width: 256, height: 256 })).toBe(1);
    expect(chooseDecompositionLevel(image(512, 512), { width: 128, height: 128 })).toBe(2);
    expect(chooseDecompositionLevel(image(2048, 2048), { width: 200, height: 200 })).toBe(3);
  });

  it('never goes below the fitted size', () => {
    // 129 needs more than 512 / 4 = 128.
    expect(chooseDecompositionLevel(image(512, 512), { width: 129, height: 129 })).toBe(1);
    // 513 / 4 rounds up to 129 on the reference grid.
    expect(chooseDecompositionLevel(image(513, 513), { width: 129, height: 129 })).toBe(2);
    expect(chooseDecompositionLevel(image(511, 511), { width: 128, height: 128 })).toBe(2);
    expect(chooseDecompositionLevel(image(511, 511), { width: 129, height: 129 })).toBe(1);
  });

  it('uses the fitted size (aspect kept) for a box of another shape', () => {
    // 256 × 1024 shown within 64 × 64 is 16 × 64: four halvings give exactly that.
    expect(chooseDecompositionLevel(image(256, 1024), { width: 64, height: 64 })).toBe(4);
    // 2048 × 1024 within 512 × 512 is 512 × 256.
    expect(chooseDecompositionLevel(image(2048, 1024), { width: 512, height: 512 })).toBe(2);
  });

  it('is capped by the decompositions the codestream has', () => {
    expect(chooseDecompositionLevel(image(4096, 4096, 3), { width: 64, height: 64 })).toBe(3);
    expect(chooseDecompositionLevel(image(4096, 4096, 0), { width: 64, height: 64 })).toBe(0);
  });

  it('accounts for an image offset on the reference grid', () => {
    const offset: J2kGeometry = { x0: 1, y0: 1, x1: 513, y1: 513, decompositions: 5 };
    expect(sizeAtLevel(offset, 2)).toEqual({ width: 128, height: 128 });
    expect(chooseDecompositionLevel(offset, { width: 128, height: 128 })).toBe(2);
  });

  it('rejects a box that is not positive and finite', () => {
    for (const box of [
      { width: 0, height: 10 },
      { width: 10, height: -1 },
      { width: Number.NaN, height: 10 },
    ]) {
      expect(errorCodeOfSync(() => chooseDecompositionLevel(image(512, 512), box))).toBe('INVALID_RENDER_OPTIONS');
    }
  });
});

describe('sizeAtLevel', () => {
  it('rounds up at each level', () => {
    expect(sizeAtLevel(image(513, 300), 0)).toEqual({ width: 513, height: 300 });
    expect(sizeAtLevel(image(513, 300), 1)).toEqual({ width: 257, height: 150 });
    expect(sizeAtLevel(image(513, 300), 3)).toEqual({ width: 65, height: 38 });
  });
});
