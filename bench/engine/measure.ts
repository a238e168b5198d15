import { performance } from 'node:perf_hooks';

/** How long and how often to run one operation. */
export interface MeasureOptions {
  /** Untimed runs first (JIT, WASM instantiation, caches). */
  warmup: number;
  /** Keep iterating until this much timed wall time has passed… */
  minTimeMs: number;
  /** …and at least this many timed runs were made… */
  minIterations: number;
  /** …but never more than this many. */
  maxIterations: number;
}

/** Timings of one operation, in milliseconds per operation. */
export interface Measurement {
  iterations: number;
  totalMs: number;
  meanMs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

/** Full runs: stable numbers. */
export const fullProfile: MeasureOptions = { warmup: 3, minTimeMs: 1000, minIterations: 10, maxIterations: 100_000 };

/** `--quick`: a few runs, enough to see every case work end to end. */
export const quickProfile: MeasureOptions = { warmup: 1, minTimeMs: 20, minIterations: 3, maxIterations: 20 };

/** The value at quantile `q` (0–1) of ascending `sorted` samples, linearly interpolated. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

/** Summarize per-operation samples (ms). */
export function summarize(samples: readonly number[]): Measurement {
  const sorted = [...samples].sort((a, b) => a - b);
  const totalMs = sorted.reduce((sum, value) => sum + value, 0);
  return {
    iterations: sorted.length,
    totalMs,
    meanMs: sorted.length === 0 ? Number.NaN : totalMs / sorted.length,
    medianMs: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/**
 * Time `operation` (sync or async): `warmup` untimed runs, then timed runs until both
 * `minTimeMs` and `minIterations` are reached or `maxIterations` is.
 */
export async function measure(operation: () => unknown, options: MeasureOptions): Promise<Measurement> {
  for (let i = 0; i < options.warmup; i++) await operation();
  const samples: number[] = [];
  let elapsed = 0;
  while (
    samples.length < options.maxIterations &&
    (samples.length < options.minIterations || elapsed < options.minTimeMs)
  ) {
    const start = performance.now();
    await operation();
    const duration = performance.now() - start;
    samples.push(duration);
    elapsed += duration;
  }
  return summarize(samples);
}

/** A measurement of a batch of `size` operations, restated per operation. */
export function perOperation(batch: Measurement, size: number): Measurement {
  const divide = (value: number) => value / size;
  return {
    iterations: batch.iterations * size,
    totalMs: batch.totalMs,
    meanMs: divide(batch.meanMs),
    medianMs: divide(batch.medianMs),
    p95Ms: divide(batch.p95Ms),
    minMs: divide(batch.minMs),
    maxMs: divide(batch.maxMs),
  };
}

/** Operations per second at the median time. */
export function perSecond(measurement: Measurement): number {
  return 1000 / measurement.medianMs;
}

/** Megapixels per second at the median time. */
export function megapixelsPerSecond(pixels: number, measurement: Measurement): number {
  return pixels / 1e6 / (measurement.medianMs / 1000);
}

/** One pass over several items: per-item statistics summed (median of the pass ≈ sum of medians). */
export function sumMeasurements(measurements: readonly Measurement[]): Measurement {
  const total = (pick: (m: Measurement) => number) => measurements.reduce((sum, m) => sum + pick(m), 0);
  return {
    iterations: Math.min(...measurements.map((m) => m.iterations)),
    totalMs: total((m) => m.totalMs),
    meanMs: total((m) => m.meanMs),
    medianMs: total((m) => m.medianMs),
    p95Ms: total((m) => m.p95Ms),
    minMs: total((m) => m.minMs),
    maxMs: total((m) => m.maxMs),
  };
}
