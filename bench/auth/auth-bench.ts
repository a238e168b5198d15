import { BENCH_ADMIN } from '../http/bench-auth.js';

/** Latency percentiles in milliseconds (3 decimals). */
export interface Percentiles {
  samples: number;
  p50: number;
  p99: number;
  mean: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    samples: sorted.length,
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)),
  };
}

const post = (origin: string, path: string, body: unknown) =>
  fetch(new URL(path, origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/**
 * `rounds` waves of `concurrency` simultaneous sign-ins (each a production-cost scrypt verification
 * in the engine pool). Latencies of the successful ones; failures counted by status.
 */
export async function measureLogin(
  origin: string,
  concurrency: number,
  rounds: number,
): Promise<Percentiles & { failed: Record<string, number> }> {
  const samples: number[] = [];
  const failed: Record<string, number> = {};
  const one = async () => {
    const started = performance.now();
    const response = await post(origin, '/api/v1/auth/login', BENCH_ADMIN);
    await response.arrayBuffer();
    if (response.ok) samples.push(performance.now() - started);
    else failed[response.status] = (failed[response.status] ?? 0) + 1;
  };
  for (let round = 0; round < rounds; round += 1) await Promise.all(Array.from({ length: concurrency }, one));
  return { ...percentiles(samples), failed };
}

/** `count` refreshes in a chain (each rotation hands the next refresh token). */
export async function measureRefresh(origin: string, count: number): Promise<Percentiles> {
  const login = (await (await post(origin, '/api/v1/auth/login', BENCH_ADMIN)).json()) as { refresh_token: string };
  let token = login.refresh_token;
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const response = await post(origin, '/api/v1/auth/refresh', { refresh_token: token });
    const body = (await response.json()) as { refresh_token: string };
    samples.push(performance.now() - started);
    if (!response.ok) throw new Error(`refresh: HTTP ${response.status}`);
    token = body.refresh_token;
  }
  return percentiles(samples);
}
