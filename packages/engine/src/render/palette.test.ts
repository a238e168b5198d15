import { describe, expect, it } from 'vitest';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import type { PaletteChannel } from '../image/rendering-attributes.js';
import { toDisplayPixels } from './display-pixels.js';
import { plainAttributes, syntheticFrame } from './render-fixtures.test-util.js';
import { expandSegmentedLut } from './segmented-lut.js';

const channel = (data: number[], bitsPerEntry: number, firstValueMapped = 1, segmented = false): PaletteChannel => ({
  descriptor: { entries: segmented ? 8 : data.length, firstValueMapped, bitsPerEntry },
  data: new Uint16Array(data),
  segmented,
});

describe('PALETTE COLOR', () => {
  it('maps indices through 8-bit and 16-bit entries (16-bit scaled by >> 8)', () => {
    const palette = { red: channel([255, 0], 8), green: channel([0, 65535], 16), blue: channel([10, 32768], 16) };
    const frame = syntheticFrame(new Uint8Array([1, 2, 0, 9]), { photometric: 'PALETTE COLOR' });
    const out = toDisplayPixels(frame, plainAttributes({ photometricInterpretation: 'PALETTE COLOR', palette }));
    // 1 → first entries (255, 0, 10 >> 8 = 0); 2 → (0, 65535 >> 8 = 255, 32768 >> 8 = 128);
    // 0 is below the first value mapped → first entries; 9 is past the end → last entries
    expect(Array.from(out.data)).toEqual([255, 0, 0, 0, 255, 128, 255, 0, 0, 0, 255, 128]);
    expect(out.channels).toBe(3);
  });

  it('keeps 8-bit values declared as 16-bit entries', () => {
    const palette = { red: channel([0, 200], 16), green: channel([0, 100], 16), blue: channel([0, 50], 16) };
    const frame = syntheticFrame(new Uint16Array([2]), { photometric: 'PALETTE COLOR' });
    expect(Array.from(toDisplayPixels(frame, plainAttributes({ palette })).data)).toEqual([200, 100, 50]);
  });

  it('expands segmented channels before use', () => {
    // Red: discrete 0 0x1000, then linear to 0xff00 over 6 entries (table [0, 4096, 12288 …, 65280]) → >> 8
    const red = channel([0, 2, 0, 0x1000, 1, 6, 0xff00], 16, 0, true);
    const flat = channel([0, 1, 0x8000], 16, 0, true);
    const palette = { red, green: flat, blue: flat };
    const frame = syntheticFrame(new Uint8Array([0, 1, 4, 7]), { photometric: 'PALETTE COLOR' });
    const out = Array.from(toDisplayPixels(frame, plainAttributes({ palette })).data);
    // red entries: 0, 4096, then 4096 + (65280 − 4096)·i/6 → i = 3: 34688 (>> 8 = 135), i = 6: 65280 (255)
    expect(out.filter((_, i) => i % 3 === 0)).toEqual([0, 16, 135, 255]);
    expect(out.filter((_, i) => i % 3 === 1)).toEqual([128, 128, 128, 128]);
  });

  it('a PALETTE COLOR frame without palette LUTs is a typed error', () => {
    const frame = syntheticFrame(new Uint8Array([1]), { photometric: 'PALETTE COLOR' });
    expect(errorCodeOfSync(() => toDisplayPixels(frame, plainAttributes()))).toBe('INVALID_PIXEL_MODULE');
  });
});

describe('segmented LUT expansion (PS3.3 C.7.9.2)', () => {
  it('discrete, linear and indirect segments', () => {
    // discrete 10 20 30; linear from 30 to 50 over 2 entries → 40 50; indirect: replay 1 segment at word 0
    const segments = new Uint16Array([0, 3, 10, 20, 30, 1, 2, 50, 2, 1, 0, 0]);
    expect(Array.from(expandSegmentedLut(segments, 8))).toEqual([10, 20, 30, 40, 50, 10, 20, 30]);
  });

  it('rounds linear steps and pads a short table with its last value', () => {
    // 0 → 10 over 3 entries: 3.33 → 3, 6.67 → 7, 10
    expect(Array.from(expandSegmentedLut(new Uint16Array([0, 1, 0, 1, 3, 10]), 6))).toEqual([0, 3, 7, 10, 10, 10]);
  });

  it('stops at the declared number of entries', () => {
    expect(Array.from(expandSegmentedLut(new Uint16Array([0, 4, 1, 2, 3, 4]), 2))).toEqual([1, 2]);
  });

  it('rejects malformed tables with RENDER_FAILED', () => {
    expect(errorCodeOfSync(() => expandSegmentedLut(new Uint16Array([7, 1, 0]), 4))).toBe('RENDER_FAILED');
    expect(errorCodeOfSync(() => expandSegmentedLut(new Uint16Array([1, 2, 9]), 4))).toBe('RENDER_FAILED');
    expect(errorCodeOfSync(() => expandSegmentedLut(new Uint16Array([]), 4))).toBe('RENDER_FAILED');
    // An indirect segment that points at itself
    expect(errorCodeOfSync(() => expandSegmentedLut(new Uint16Array([0, 1, 5, 2, 1, 3, 0]), 100))).toBe(
      'RENDER_FAILED',
    );
  });

  it('bounds the work of crafted indirections', () => {
    // Three levels of 1000 indirect segments, each replaying the 1000 segments of the next level,
    // which end in empty discrete segments: 10^9 visits that add no entry. Refused, not walked.
    const k = 1000;
    const words: number[] = [0, 1, 1];
    const level = (index: number) => 3 + index * 4 * k;
    for (let l = 0; l < 3; l++) {
      for (let i = 0; i < k; i++) words.push(2, k, level(l + 1) & 0xffff, level(l + 1) >>> 16);
    }
    for (let i = 0; i < k; i++) words.push(0, 0);
    // The top level starts at word 3, so the table begins with one discrete entry.
    expect(errorCodeOfSync(() => expandSegmentedLut(new Uint16Array(words), 65536))).toBe('RENDER_FAILED');
  });
});
