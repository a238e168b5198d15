import { describe, expect, it } from 'vitest';
import type { BenchCase } from './bench-case.js';
import type { MeasureOptions } from './measure.js';
import { formatReport } from './report.js';
import { runBench } from './run-bench.js';
import { targetIds } from './targets.js';

/** Smoke runs check the report's shape, never timings. */
const tiny: MeasureOptions = { warmup: 0, minTimeMs: 0, minIterations: 1, maxIterations: 2 };

describe('runBench --quick', () => {
  it('runs the render and synthetic decode cases in-process and reports rows and targets', async () => {
    const report = await runBench({ quick: true, only: ['render-ct', 'decode-synthetic'], profile: tiny });
    expect(report).toMatchObject({ schemaVersion: 1, quick: true, errors: [] });
    expect(Date.parse(report.finishedAt)).toBeGreaterThanOrEqual(Date.parse(report.startedAt));
    expect(report.environment.cpus).toBeGreaterThan(0);
    const groups = new Set(report.rows.map((row) => row.group));
    expect(groups).toEqual(new Set(['render CT 512²', 'decode synthetic']));
    for (const row of report.rows) {
      expect(row.value).toBeGreaterThan(0);
      expect(Number.isFinite(row.value)).toBe(true);
      expect(row.measurement?.iterations).toBeGreaterThanOrEqual(1);
      expect(['MP/s', 'frames/s']).toContain(row.unit);
    }
    expect(report.rows.filter((row) => row.group === 'decode synthetic').map((row) => row.name)).toEqual([
      'JPEG 2000 lossless 256²',
      'JPEG 2000 lossy 256²',
      'HTJ2K lossless (RPCL) 256²',
      'JPEG-LS lossless 256²',
      'RLE lossless 256²',
    ]);
    expect(report.targets.map((target) => target.id)).toEqual([...targetIds]);
    const render = report.targets.find((target) => target.id === 'ct-render-fps');
    expect(render?.status).toMatch(/^(pass|fail)$/);
    const pool = report.targets.find((target) => target.id === 'pool-overhead');
    expect(pool).toMatchObject({ status: 'not measured', actual: null });
    const native = report.targets.find((target) => target.id === 'j2k-vs-native');
    if (report.environment.openjpeg === null) expect(native?.status).toBe('not measured');
    else expect(native?.status).toMatch(/^(pass|fail)$/);
    expect(formatReport(report)).toContain('decode + windowed JPEG, full size');
  });

  it('lists a failing case under errors and still runs the others', async () => {
    const failing: BenchCase = {
      id: 'failing',
      title: 'fails',
      run: () => Promise.reject(new Error('engine module missing')),
    };
    const working: BenchCase = {
      id: 'working',
      title: 'works',
      run: async () => ({
        rows: [{ group: 'g', name: 'n', unit: 'ops/s', value: 1 }],
        skipped: [{ group: 'g', name: 'other', reason: 'not applicable' }],
        observations: { 'pool-overhead': { value: 0.1, note: 'stub' } },
      }),
    };
    const report = await runBench({
      profile: tiny,
      registry: [
        { id: 'failing', load: async () => failing },
        { id: 'working', load: async () => working },
      ],
    });
    expect(report.errors).toEqual([{ case: 'failing', message: 'engine module missing' }]);
    expect(report.rows).toHaveLength(1);
    expect(report.skipped).toHaveLength(1);
    expect(report.targets.find((target) => target.id === 'pool-overhead')?.status).toBe('pass');
  });

  it('rejects an unknown case id', async () => {
    await expect(runBench({ only: ['no-such-case'] })).rejects.toThrow(/Unknown bench case/);
  });
});
