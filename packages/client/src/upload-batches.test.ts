import { describe, expect, it } from 'vitest';
import { planBatches } from './upload-batches.js';

describe('planBatches', () => {
  it('cuts files in order by count and by bytes, whichever comes first', () => {
    expect(planBatches([1, 1, 1, 1, 1], { files: 2, bytes: 100 })).toEqual([[0, 1], [2, 3], [4]]);
    expect(planBatches([40, 40, 40, 10, 10], { files: 10, bytes: 100 })).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
    expect(planBatches([], { files: 2, bytes: 100 })).toEqual([]);
  });

  it('gives a file larger than the byte budget a batch of its own, wherever it is', () => {
    expect(planBatches([500, 10, 10], { files: 10, bytes: 100 })).toEqual([[0], [1, 2]]);
    expect(planBatches([10, 500, 10], { files: 10, bytes: 100 })).toEqual([[0], [1], [2]]);
    expect(planBatches([10, 10, 500], { files: 10, bytes: 100 })).toEqual([[0, 1], [2]]);
  });
});
