import { describe, expect, it } from 'vitest';
import { median, type OverheadSamples, summarizeOverhead } from './auth-overhead.js';

/** `count` samples of `value` ms. */
const repeat = (value: number, count: number) => Array.from({ length: count }, () => value);

describe('auth overhead summary', () => {
  it('takes the median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("judges the median of the rounds' p99 differences, so one noisy round does not decide", () => {
    const quiet = (difference: number): OverheadSamples => ({
      anonymous: [...repeat(0.5, 98), 2, 2],
      authenticated: [...repeat(0.6, 98), 2 + difference, 2 + difference],
    });
    const noisy: OverheadSamples = {
      anonymous: [...repeat(0.5, 98), 2, 2],
      authenticated: [...repeat(0.6, 90), ...repeat(40, 10)],
    };
    const overhead = summarizeOverhead([quiet(0.3), noisy, quiet(0.2), quiet(0.4), quiet(0.1)]);
    expect(overhead.rounds).toBe(5);
    expect(overhead.requestsPerRound).toBe(100);
    expect(overhead.perRoundP99DifferenceMs).toEqual([0.3, 38, 0.2, 0.4, 0.1]);
    expect(overhead.medianP99DifferenceMs).toBe(0.3);
    expect(overhead.perRoundP50DifferenceMs).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(overhead.medianP50DifferenceMs).toBe(0.1);
    // The pooled fields of the single-round reports are still there; the noisy round decides the pooled p99.
    expect(overhead.anonymous.samples).toBe(500);
    expect(overhead.p99DifferenceMs).toBe(38);
    expect(overhead.judgedBy).toBe('medianP99DifferenceMs');
  });
});
