import { describe, expect, it } from 'vitest';
import { cacheDelta, temperatureNote } from './cache-evidence.js';

const stats = (renderedHits: number, frameHits: number, renders: number) => ({
  rendered: { kind: 'memory', hits: renderedHits, misses: 0 },
  frames: { kind: 'memory', hits: frameHits, misses: 0 },
  renders,
  coalesced: 0,
});

describe('cacheDelta', () => {
  it('subtracts the counters before the case from those after', () => {
    expect(cacheDelta(stats(10, 2, 64), stats(310, 2, 64))).toEqual({ renderedHits: 300, frameHits: 0, renders: 0 });
  });

  it('is undefined when either answer is missing or has another shape', () => {
    expect(cacheDelta(undefined, stats(1, 1, 1))).toBeUndefined();
    expect(cacheDelta({ rendered: {} }, stats(1, 1, 1))).toBeUndefined();
  });
});

describe('temperatureNote', () => {
  it('flags a cold case that hit a cache', () => {
    expect(temperatureNote('cold', { renderedHits: 0, frameHits: 3, renders: 50 })).toMatch(/not fully cold/);
    expect(temperatureNote('cold', { renderedHits: 0, frameHits: 0, renders: 50 })).toBeUndefined();
  });

  it('flags a warm case that had to render', () => {
    expect(temperatureNote('warm', { renderedHits: 300, frameHits: 0, renders: 2 })).toBe(
      'not fully warm: 2 images rendered during the run',
    );
    expect(temperatureNote('warm', { renderedHits: 300, frameHits: 0, renders: 0 })).toBeUndefined();
  });
});
