import { describe, expect, it } from 'vitest';
import { evaluateTargets, targetIds } from './targets.js';

describe('evaluateTargets', () => {
  it('judges every target, in a stable order', () => {
    expect(evaluateTargets({}).map((result) => result.id)).toEqual([...targetIds]);
  });

  it('passes an upper-bound target at or under its threshold and fails it above', () => {
    const at = evaluateTargets({ 'pool-overhead': { value: 0.3, note: 'sequential' } });
    const over = evaluateTargets({ 'pool-overhead': { value: 0.31, note: 'sequential' } });
    expect(at.find((r) => r.id === 'pool-overhead')).toMatchObject({ status: 'pass', actual: 0.3, note: 'sequential' });
    expect(over.find((r) => r.id === 'pool-overhead')?.status).toBe('fail');
  });

  it('passes a lower-bound target at or over its threshold and fails it below', () => {
    const results = evaluateTargets({
      'ct-render-fps': { value: 149.9, note: '' },
      'j2k-thumbnail-speedup': { value: 10, note: '' },
    });
    expect(results.find((r) => r.id === 'ct-render-fps')?.status).toBe('fail');
    expect(results.find((r) => r.id === 'j2k-thumbnail-speedup')?.status).toBe('pass');
  });

  it('reports a target without a finite observation as not measured', () => {
    const results = evaluateTargets({ 'j2k-vs-native': { value: Number.NaN, note: 'opj_decompress not installed' } });
    expect(results.find((r) => r.id === 'j2k-vs-native')).toMatchObject({
      status: 'not measured',
      actual: null,
      note: 'opj_decompress not installed',
    });
  });
});
