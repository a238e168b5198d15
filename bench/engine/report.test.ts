import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from './measure.js';
import {
  type BenchReport,
  describeEnvironment,
  formatNumber,
  formatReport,
  reportFileName,
  writeReport,
} from './report.js';
import { evaluateTargets } from './targets.js';

function sampleReport(openjpeg: string | undefined): BenchReport {
  return {
    schemaVersion: 1,
    startedAt: '2025-01-31T12:00:00.000Z',
    finishedAt: '2025-01-31T12:01:00.000Z',
    quick: true,
    environment: describeEnvironment(openjpeg),
    rows: [
      {
        group: 'decode synthetic',
        name: 'JPEG 2000 lossless 1024²',
        unit: 'MP/s',
        value: 12.5,
        measurement: summarize([80, 84, 90]),
        peer: { name: 'opj_decompress', msPerOperation: 60, ratio: 1.4, note: 'reported' },
      },
    ],
    targets: evaluateTargets({ 'j2k-vs-native': { value: 1.4, note: 'JPEG 2000 lossless 1024²' } }),
    skipped: [{ group: 'decode corpus', name: 'x.dcm', reason: 'CORRUPT_PIXEL_DATA: bad' }],
    errors: [{ case: 'crypto', message: 'module missing' }],
  };
}

describe('formatReport', () => {
  it('prints rows with the peer ratio, the targets with their result, skips and failures', () => {
    const text = formatReport(sampleReport('2.5.0'));
    expect(text).toMatch(/JPEG 2000 lossless 1024²\s+12\.5\s+MP\/s\s+84\.0\s+89\.4\s+3\s+60\.0\s+1\.40×/);
    expect(text).toMatch(/J2K full decode time ≤ 1\.5× native OpenJPEG.*1\.40 ×\s+PASS/);
    expect(text).toMatch(/Pool round-trip.*NOT MEASURED/);
    expect(text).toContain('OpenJPEG 2.5.0');
    expect(text).toContain('x.dcm: CORRUPT_PIXEL_DATA: bad');
    expect(text).toContain('crypto: module missing');
  });

  it('says when the native peer is missing', () => {
    expect(formatReport(sampleReport(undefined))).toContain('opj_decompress not installed (peer column skipped)');
  });
});

describe('formatNumber', () => {
  it('keeps three significant digits, whole numbers from 1000, and a dash for no value', () => {
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(151.26)).toBe('151');
    expect(formatNumber(12345.6)).toBe('12346');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
  });
});

describe('writeReport', () => {
  it('writes the report as JSON named after its start time, without colons', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'lucent-bench-report-'));
    try {
      const report = sampleReport('2.5.0');
      const path = await writeReport(report, join(directory, 'nested'));
      expect(path.endsWith(reportFileName(report.startedAt))).toBe(true);
      expect(reportFileName(report.startedAt)).toBe('engine-2025-01-31T12-00-00.000Z.json');
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(report);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
