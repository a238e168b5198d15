import { isEngineError } from '@lucent/engine';
import { describe, expect, it } from 'vitest';
import { phantomFrame, seededRandom } from './synthetic.js';

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    for (const value of first) expect(value >= 0 && value < 1).toBe(true);
  });
});

describe('phantomFrame', () => {
  it('is deterministic for a seed', () => {
    expect(phantomFrame(64, 7).pixels).toEqual(phantomFrame(64, 7).pixels);
    expect(phantomFrame(64, 7).pixels).not.toEqual(phantomFrame(64, 8).pixels);
  });

  it('describes a 16-bit, 12-stored MONOCHROME2 frame of the asked size', () => {
    const frame = phantomFrame(256);
    expect(frame.pixels).toBeInstanceOf(Uint16Array);
    expect(frame.pixels.length).toBe(256 * 256);
    expect(frame.frameInfo).toMatchObject({ rows: 256, columns: 256, bitsAllocated: 16, bitsStored: 12 });
    expect(Math.max(...frame.pixels)).toBeLessThanOrEqual(4095);
  });

  it('draws a bright skull ring around darker brain over a dark background', () => {
    const size = 256;
    const { pixels } = phantomFrame(size);
    const at = (x: number, y: number) =>
      pixels[Math.round(y * (size - 1)) * size + Math.round(x * (size - 1))] as number;
    const corner = at(0.02, 0.02);
    const centre = at(0.5, 0.6);
    const skull = at(0.5, 0.056);
    expect(corner).toBeLessThan(200);
    expect(centre).toBeGreaterThan(500);
    expect(skull).toBeGreaterThan(2500);
  });

  it('rejects an unusable size with a typed error', () => {
    expect(() => phantomFrame(3)).toThrow(expect.objectContaining({ code: 'INVALID_PIXEL_MODULE' }));
    try {
      phantomFrame(10.5);
    } catch (error) {
      expect(isEngineError(error)).toBe(true);
    }
    expect.assertions(2);
  });
});
