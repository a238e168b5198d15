import { describe, expect, it } from 'vitest';
import type { LoadSummary } from './load-test.js';
import { type CaseResult, evaluateTargets, observeTargets, requestRatio, targetIds } from './targets.js';

function load(requestsPerSecond: number, p99 = 10): LoadSummary {
  return {
    durationSeconds: 10,
    connections: 8,
    requestsPerSecond,
    ok: requestsPerSecond * 10,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    latencyMs: { mean: p99 / 2, p50: p99 / 2, p90: p99, p99, max: p99 },
    bytesPerSecond: 0,
    distinctRequests: 60,
    laps: 1,
  };
}

function measured(id: string, lucent: LoadSummary | undefined, orthanc: LoadSummary | undefined): CaseResult {
  const ratio = requestRatio(lucent, orthanc);
  return {
    id,
    group: 'g',
    name: id,
    ...(lucent === undefined ? {} : { lucent }),
    ...(orthanc === undefined ? {} : { orthanc }),
    ...(ratio === undefined ? {} : { ratio }),
    notes: [],
  };
}

describe('requestRatio', () => {
  it('divides Lucent req/s by Orthanc req/s', () => {
    expect(requestRatio(load(300), load(20))).toBe(15);
  });

  it('is undefined when a side is missing or Orthanc served nothing', () => {
    expect(requestRatio(load(300), undefined)).toBeUndefined();
    expect(requestRatio(undefined, load(20))).toBeUndefined();
    expect(requestRatio(load(300), load(0))).toBeUndefined();
  });
});

describe('evaluateTargets', () => {
  it('judges every target, in a stable order', () => {
    expect(evaluateTargets({}).map((result) => result.id)).toEqual([...targetIds]);
  });

  it('passes a lower bound at its threshold and fails just below', () => {
    const at = evaluateTargets({ 'j2k-thumbnail-cold': { value: 10, note: '' } });
    const below = evaluateTargets({ 'j2k-thumbnail-cold': { value: 9.99, note: '' } });
    expect(at.find((r) => r.id === 'j2k-thumbnail-cold')?.status).toBe('pass');
    expect(below.find((r) => r.id === 'j2k-thumbnail-cold')?.status).toBe('fail');
  });

  it('passes an upper bound at its threshold and fails just above', () => {
    const at = evaluateTargets({ 'warm-thumbnail-p99': { value: 5, note: '' } });
    const above = evaluateTargets({ 'warm-thumbnail-p99': { value: 6, note: '' } });
    expect(at.find((r) => r.id === 'warm-thumbnail-p99')?.status).toBe('pass');
    expect(above.find((r) => r.id === 'warm-thumbnail-p99')?.status).toBe('fail');
  });

  it('reports a target without a finite observation as not measured', () => {
    const result = evaluateTargets({ 'study-search': { value: Number.NaN, note: 'peer unavailable' } });
    expect(result.find((r) => r.id === 'study-search')).toMatchObject({
      status: 'not measured',
      actual: null,
      note: 'peer unavailable',
    });
  });
});

describe('observeTargets', () => {
  const cases = [
    measured('j2k-1024/thumbnail/cold', load(240), load(20)),
    measured('mr-1024/thumbnail/cold', load(90), load(30)),
    measured('j2k-1024/full/cold', load(12), load(10)),
    measured('mr-1024/full/cold', load(80), load(20)),
    measured('ct-512/full/cold', load(200), load(50)),
    measured('j2k-1024/thumbnail/warm', load(2000, 3), load(20)),
    measured('ct-512/thumbnail/warm', load(3000, 7), load(50)),
    measured('search/qido', load(600), load(100)),
  ];

  it('takes the thumbnail and search ratios from their cases', () => {
    const observations = observeTargets(cases);
    expect(observations['j2k-thumbnail-cold']?.value).toBe(12);
    expect(observations['uncompressed-thumbnail-cold']?.value).toBe(3);
    expect(observations['study-search']?.value).toBe(6);
  });

  it('judges full renders by the worst dataset and names it', () => {
    const observation = observeTargets(cases)['full-render-cold'];
    expect(observation?.value).toBe(1.2);
    expect(observation?.note).toMatch(/^j2k-1024\/full\/cold/);
    expect(observation?.note).toContain('ct-512 4.0');
  });

  it('judges warm thumbnails by the largest Lucent p99', () => {
    expect(observeTargets(cases)['warm-thumbnail-p99']).toMatchObject({ value: 7 });
  });

  it('leaves out what was not measured on both sides', () => {
    const observations = observeTargets([measured('j2k-1024/thumbnail/cold', load(240), undefined)]);
    expect(observations['j2k-thumbnail-cold']).toBeUndefined();
    expect(observations['warm-thumbnail-p99']).toBeUndefined();
  });
});
