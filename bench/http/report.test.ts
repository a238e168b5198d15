import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadSummary } from './load-test.js';
import { formatNumber, formatReport, type HttpBenchReport, reportFileName, writeReport } from './report.js';
import { evaluateTargets } from './targets.js';

const summary = (requestsPerSecond: number, extra: Partial<LoadSummary> = {}): LoadSummary => ({
  durationSeconds: 10,
  connections: 8,
  requestsPerSecond,
  ok: requestsPerSecond * 10,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  latencyMs: { mean: 4, p50: 3, p90: 6, p99: 9, max: 12 },
  bytesPerSecond: 1e6,
  distinctRequests: 60,
  laps: 20,
  ...extra,
});

function report(overrides: Partial<HttpBenchReport> = {}): HttpBenchReport {
  return {
    schemaVersion: 1,
    startedAt: '2026-01-31T12:00:00.000Z',
    finishedAt: '2026-01-31T12:10:00.000Z',
    quick: false,
    connections: 8,
    durationSeconds: 10,
    environment: {
      node: 'v20.19.0',
      platform: 'linux',
      arch: 'x64',
      cpuModel: 'Test CPU',
      cpus: 2,
      orthanc: { version: '1.10.1' },
      lucent: { build: 'source', database: 'embedded PGlite', cache: 'in-process cache' },
      loadAverage: { before: [0.1, 0.2, 0.3], after: [1, 1, 1] },
    },
    datasets: [],
    cases: [
      {
        id: 'j2k-1024/thumbnail/cold',
        group: 'g',
        name: 'thumbnail cold',
        lucent: summary(250),
        orthanc: summary(20),
        ratio: 12.5,
        notes: [],
      },
      { id: 'search/qido', group: 'search', name: 'QIDO', lucent: summary(500, { non2xx: 3 }), notes: ['a note'] },
    ],
    ingest: [
      {
        dataset: 'ct-512',
        lucent: { instances: 60, bytes: 3e7, seconds: 2, instancesPerSecond: 30, megabytesPerSecond: 15, failed: 0 },
      },
    ],
    targets: evaluateTargets({ 'j2k-thumbnail-cold': { value: 12.5, note: 'j2k-1024/thumbnail/cold' } }),
    skipped: [{ case: 'metadata/wado (Lucent)', reason: '/dicomweb/… answered 404' }],
    errors: [],
    ...overrides,
  };
}

describe('formatNumber', () => {
  it('keeps three significant digits below 1000 and whole numbers above', () => {
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(0.4931)).toBe('0.493');
    expect(formatNumber(12345.6)).toBe('12346');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
  });
});

describe('formatReport', () => {
  const text = formatReport(report());

  it('prints one table line per case with both servers and the ratio', () => {
    const line = text.split('\n').find((l) => l.startsWith('j2k-1024/thumbnail/cold'));
    expect(line?.split(/\s{2,}/)).toEqual(['j2k-1024/thumbnail/cold', '250', '3.00', '9.00', '20.0', '9.00', '12.5×']);
  });

  it('marks a rate that includes failed requests and leaves a missing side as a dash', () => {
    const line = text.split('\n').find((l) => l.startsWith('search/qido'));
    expect(line?.split(/\s{2,}/)).toEqual(['search/qido', '500!', '3.00', '9.00', '—', '—', '—']);
    expect(text).toContain('not answered 2xx');
  });

  it('lists ingest, targets, notes and skipped cases', () => {
    expect(text).toMatch(/ct-512\s+30\.0\s+15\.0\s+—/);
    expect(text).toMatch(/Cold JPEG 2000 thumbnail ≥ 10× Orthanc req\/s\s+12\.5 ×\s+PASS/);
    expect(text).toMatch(/Study search .*NOT MEASURED/);
    expect(text).toContain('search/qido: a note');
    expect(text).toContain('metadata/wado (Lucent): /dicomweb/… answered 404');
  });

  it('says when the peer or Lucent was unavailable', () => {
    const environment = {
      ...report().environment,
      orthanc: { unavailable: 'Orthanc not installed' },
      lucent: { unavailable: 'packages/api/src/main.ts does not exist' },
    };
    const unavailable = formatReport(report({ environment }));
    expect(unavailable).toContain('peer unavailable (Orthanc not installed)');
    expect(unavailable).toContain('Lucent unavailable (packages/api/src/main.ts does not exist)');
  });
});

describe('writeReport', () => {
  it('names the file after the start time without colons and writes the JSON', async () => {
    expect(reportFileName('2026-01-31T12:00:00.000Z')).toBe('http-2026-01-31T12-00-00.000Z.json');
    const directory = await mkdtemp(join(tmpdir(), 'lucent-http-report-'));
    try {
      const path = await writeReport(report(), join(directory, 'results'));
      const written = JSON.parse(await readFile(path, 'utf8')) as HttpBenchReport;
      expect(written.cases[0]?.ratio).toBe(12.5);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
