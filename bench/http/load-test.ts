import autocannon, { type Result } from 'autocannon';
import { createRotation, type RequestSpec, rotatingRequest } from './rotation.js';

export interface LoadOptions {
  /** Server origin, e.g. http://127.0.0.1:3000 */
  origin: string;
  /** Requests to send in turn (one per request, wrapping around). */
  requests: readonly RequestSpec[];
  connections: number;
  durationSeconds: number;
  /** Per-request timeout in seconds (autocannon counts a timeout as an error). */
  timeoutSeconds?: number;
  /**
   * Seconds of the same load before the measured run, not counted (the server's JIT and heap settle:
   * the first case after an upload otherwise measures the garbage collection of the upload).
   */
  warmupSeconds?: number;
}

/** What one load run measured. Request rate counts only 2xx responses. */
export interface LoadSummary {
  durationSeconds: number;
  connections: number;
  /** 2xx responses per second over the whole run. */
  requestsPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Response bytes per second (all responses). */
  bytesPerSecond: number;
  /** Distinct requests in the rotation, and passes made over them. */
  distinctRequests: number;
  laps: number;
}

/** The numbers we keep from an autocannon result. */
export function summarizeResult(
  result: Pick<
    Result,
    'duration' | 'connections' | '2xx' | 'non2xx' | 'errors' | 'timeouts' | 'latency' | 'throughput'
  >,
  rotation: { distinct: number; taken: number },
): LoadSummary {
  const duration = result.duration > 0 ? result.duration : Number.NaN;
  return {
    durationSeconds: result.duration,
    connections: result.connections,
    requestsPerSecond: result['2xx'] / duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      mean: result.latency.mean,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    bytesPerSecond: result.throughput.average,
    distinctRequests: rotation.distinct,
    laps: rotation.distinct === 0 ? 0 : rotation.taken / rotation.distinct,
  };
}

/** Run autocannon against `origin` for a fixed duration, rotating over `requests`. */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const rotation = createRotation(options.requests);
  const result = await autocannon({
    url: options.origin,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: options.timeoutSeconds ?? 30,
    requests: [rotatingRequest(rotation)],
    ...(options.warmupSeconds === undefined || options.warmupSeconds <= 0
      ? {}
      : { warmup: { connections: options.connections, duration: options.warmupSeconds } }),
  });
  // The first request of each connection is built at set-up: count only what was sent (laps include the warm-up).
  return summarizeResult(result, { distinct: options.requests.length, taken: rotation.taken });
}

/**
 * Send every request once (`concurrency` at a time) and return the statuses: fills caches before a
 * warm run and checks that a workload answers 2xx before it is measured.
 */
export async function sendEach(
  origin: string,
  requests: readonly RequestSpec[],
  concurrency: number,
): Promise<{ statuses: number[]; contentTypes: (string | null)[] }> {
  const statuses: number[] = new Array(requests.length);
  const contentTypes: (string | null)[] = new Array(requests.length);
  let cursor = 0;
  const worker = async () => {
    while (cursor < requests.length) {
      const index = cursor++;
      const spec = requests[index] as RequestSpec;
      const response = await fetch(new URL(spec.path, origin), {
        method: spec.method,
        ...(spec.headers === undefined ? {} : { headers: spec.headers }),
      });
      await response.arrayBuffer();
      statuses[index] = response.status;
      contentTypes[index] = response.headers.get('content-type');
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  return { statuses, contentTypes };
}
