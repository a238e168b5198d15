import { type Percentiles, percentiles } from './auth-bench.js';

/** One round's latencies (ms) of the same route, anonymous and authenticated, taken in interleaved pairs. */
export interface OverheadSamples {
  anonymous: number[];
  authenticated: number[];
}

export interface OverheadRound {
  anonymous: Percentiles;
  authenticated: Percentiles;
  p50DifferenceMs: number;
  p99DifferenceMs: number;
}

/**
 * What authentication costs a request. The pooled fields (all rounds together) are those of the
 * earlier single-round reports; the judged figure is `medianP99DifferenceMs`, the median of the
 * rounds' own p99 differences, since on a shared machine one burst of noise in one round moves a
 * pooled p99 (the 1 % tail) far more than it moves the median of several rounds.
 */
export interface Overhead extends OverheadRound {
  rounds: number;
  requestsPerRound: number;
  perRound: OverheadRound[];
  perRoundP50DifferenceMs: number[];
  perRoundP99DifferenceMs: number[];
  medianP50DifferenceMs: number;
  medianP99DifferenceMs: number;
  /** Which field is judged against the target. */
  judgedBy: 'medianP99DifferenceMs';
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

function roundOf(samples: OverheadSamples): OverheadRound {
  const anonymous = percentiles(samples.anonymous);
  const authenticated = percentiles(samples.authenticated);
  return {
    anonymous,
    authenticated,
    p50DifferenceMs: round3(authenticated.p50 - anonymous.p50),
    p99DifferenceMs: round3(authenticated.p99 - anonymous.p99),
  };
}

export function summarizeOverhead(rounds: readonly OverheadSamples[]): Overhead {
  const perRound = rounds.map(roundOf);
  const pooled = roundOf({
    anonymous: rounds.flatMap((samples) => samples.anonymous),
    authenticated: rounds.flatMap((samples) => samples.authenticated),
  });
  const perRoundP50DifferenceMs = perRound.map((result) => result.p50DifferenceMs);
  const perRoundP99DifferenceMs = perRound.map((result) => result.p99DifferenceMs);
  return {
    ...pooled,
    rounds: rounds.length,
    requestsPerRound: rounds[0]?.anonymous.length ?? 0,
    perRound,
    perRoundP50DifferenceMs,
    perRoundP99DifferenceMs,
    medianP50DifferenceMs: round3(median(perRoundP50DifferenceMs)),
    medianP99DifferenceMs: round3(median(perRoundP99DifferenceMs)),
    judgedBy: 'medianP99DifferenceMs',
  };
}

async function timed(run: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const response = await run();
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return elapsed;
}

/**
 * The same cheap route (GET /health/live) anonymous and with a Bearer token, one request at a time
 * in interleaved pairs (which of the two goes first alternates), in `rounds` rounds of
 * `requestsPerRound` pairs after a warm-up: the difference is what authentication (JWT
 * verification + live session check) costs.
 */
export async function measureOverhead(
  origin: string,
  authorization: string,
  options: { rounds: number; requestsPerRound: number },
): Promise<Overhead> {
  const url = new URL('/health/live', origin);
  const anonymous = () => timed(() => fetch(url));
  const authenticated = () => timed(() => fetch(url, { headers: { authorization } }));
  for (let i = 0; i < 200; i += 1) {
    await anonymous();
    await authenticated();
  }
  const rounds: OverheadSamples[] = [];
  for (let r = 0; r < options.rounds; r += 1) {
    const samples: OverheadSamples = { anonymous: [], authenticated: [] };
    for (let i = 0; i < options.requestsPerRound; i += 1) {
      if (i % 2 === 0) {
        samples.anonymous.push(await anonymous());
        samples.authenticated.push(await authenticated());
      } else {
        samples.authenticated.push(await authenticated());
        samples.anonymous.push(await anonymous());
      }
    }
    rounds.push(samples);
  }
  return summarizeOverhead(rounds);
}
