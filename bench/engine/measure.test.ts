import { describe, expect, it } from 'vitest';
import {
  measure,
  megapixelsPerSecond,
  perOperation,
  perSecond,
  quantile,
  sumMeasurements,
  summarize,
} from './measure.js';

describe('quantile', () => {
  it('interpolates between neighbouring samples', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48);
    expect(quantile([7], 0.95)).toBe(7);
  });

  it('is NaN without samples', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('summarize', () => {
  it('reports median, p95, mean and extremes of unsorted samples', () => {
    const summary = summarize([5, 1, 4, 2, 3]);
    expect(summary).toEqual({ iterations: 5, totalMs: 15, meanMs: 3, medianMs: 3, p95Ms: 4.8, minMs: 1, maxMs: 5 });
  });
});

describe('measure', () => {
  it('runs the warm-up untimed, then at least minIterations timed runs', async () => {
    let calls = 0;
    const result = await measure(
      () => {
        calls++;
      },
      { warmup: 2, minTimeMs: 0, minIterations: 5, maxIterations: 100 },
    );
    expect(result.iterations).toBe(5);
    expect(calls).toBe(7);
  });

  it('stops at maxIterations even when minTimeMs is not reached', async () => {
    const result = await measure(async () => {}, { warmup: 0, minTimeMs: 60_000, minIterations: 1, maxIterations: 4 });
    expect(result.iterations).toBe(4);
  });

  it('awaits asynchronous operations', async () => {
    let finished = 0;
    await measure(
      async () => {
        await new Promise((resolve) => setImmediate(resolve));
        finished++;
      },
      { warmup: 1, minTimeMs: 0, minIterations: 3, maxIterations: 3 },
    );
    expect(finished).toBe(4);
  });
});

describe('derived rates', () => {
  const batch = summarize([100, 200]);

  it('restates a batch per operation', () => {
    const single = perOperation(batch, 10);
    expect(single.medianMs).toBe(15);
    expect(single.iterations).toBe(20);
  });

  it('converts median milliseconds to operations and megapixels per second', () => {
    expect(perSecond(summarize([4]))).toBe(250);
    expect(megapixelsPerSecond(2_000_000, summarize([500]))).toBe(4);
  });

  it('sums per-item statistics for one pass over several items', () => {
    const pass = sumMeasurements([summarize([1, 3]), summarize([10, 10, 10])]);
    expect(pass.medianMs).toBe(12);
    expect(pass.iterations).toBe(2);
  });
});
