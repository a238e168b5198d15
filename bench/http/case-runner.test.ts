import { describe, expect, it } from 'vitest';
import { fewSamplesNote } from './case-runner.js';

describe('fewSamplesNote', () => {
  it('flags a side that finished fewer than two requests per connection', () => {
    expect(fewSamplesNote('Orthanc', 0, 8, 3)).toBe(
      'Orthanc completed only 0 requests in 3 s with 8 connections (imprecise; try a longer --duration)',
    );
    expect(fewSamplesNote('Lucent', 15, 8, 10)).toMatch(/^Lucent completed only 15/);
  });

  it('says nothing once there are enough samples', () => {
    expect(fewSamplesNote('Lucent', 16, 8, 10)).toBeUndefined();
  });
});
