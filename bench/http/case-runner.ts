import { setTimeout as delay } from 'node:timers/promises';
import { type LoadSummary, runLoad, sendEach } from './load-test.js';
import type { RequestSpec } from './rotation.js';
import { type CaseResult, requestRatio } from './targets.js';

/** One server's requests for a case. */
export interface Side {
  name: 'Lucent' | 'Orthanc';
  origin: string;
  requests: RequestSpec[];
}

export interface CaseRunnerOptions {
  connections: number;
  durationSeconds: number;
  /** Unmeasured load before each measured run (seconds; 0 = none). */
  warmupSeconds?: number;
  log: (line: string) => void;
  /** Where a side that does not answer 2xx is recorded (it is then not measured). */
  skipped: { case: string; reason: string }[];
  errors: { case: string; message: string }[];
  /** Headers every Lucent request carries (its current session's Authorization); the Orthanc peer has no auth. */
  lucentHeaders?: () => Record<string, string>;
}

export type CaseDescription = Omit<CaseResult, 'lucent' | 'orthanc' | 'ratio'>;

/**
 * A note when a side finished too few requests for its rate to mean much (autocannon drops the
 * requests still in flight when the time is up, so a server slower than the run reads as 0 req/s).
 */
export function fewSamplesNote(name: string, ok: number, connections: number, seconds: number): string | undefined {
  if (ok >= 2 * connections) return undefined;
  return `${name} completed only ${ok} requests in ${seconds} s with ${connections} connections (imprecise; try a longer --duration)`;
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs a case on each side in turn: first every request of the rotation once when `warm` (fills
 * the caches and checks the answers), else only the first (a check that the route answers 2xx);
 * then autocannon for the configured duration.
 */
export function createCaseRunner(options: CaseRunnerOptions) {
  const measure = async (
    side: Side,
    caseId: string,
    warm: boolean,
    beforeLoad?: () => Promise<void>,
  ): Promise<LoadSummary | undefined> => {
    const probe = warm ? side.requests : side.requests.slice(0, 1);
    const { statuses } = await sendEach(side.origin, probe, options.connections);
    const bad = statuses.findIndex((status) => status < 200 || status >= 300);
    if (bad >= 0) {
      options.skipped.push({
        case: `${caseId} (${side.name})`,
        reason: `${probe[bad]?.path} answered ${statuses[bad]}`,
      });
      return undefined;
    }
    await beforeLoad?.();
    const summary = await runLoad({
      origin: side.origin,
      requests: side.requests,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      ...(options.warmupSeconds === undefined ? {} : { warmupSeconds: options.warmupSeconds }),
    });
    const failures = summary.non2xx + summary.errors;
    options.log(
      `  ${caseId} ${side.name}: ${summary.requestsPerSecond.toFixed(1)} req/s, p50 ${summary.latencyMs.p50} ms, ` +
        `p99 ${summary.latencyMs.p99} ms${failures > 0 ? `, ${summary.non2xx} non-2xx, ${summary.errors} errors` : ''}`,
    );
    // Let the server finish what autocannon left in flight before the next case starts.
    await delay(1_000);
    return summary;
  };

  return async function runCase(
    description: CaseDescription,
    sides: { lucent?: Side | undefined; orthanc?: Side | undefined },
    warm: boolean,
    /** Called after the probe and just before Lucent's load starts (e.g. to read its cache statistics). */
    beforeLucentLoad?: () => Promise<void>,
  ): Promise<CaseResult> {
    const outcome: CaseResult = { ...description };
    try {
      if (sides.lucent !== undefined) {
        const extra = options.lucentHeaders?.() ?? {};
        const lucent = {
          ...sides.lucent,
          requests: sides.lucent.requests.map((request) => ({ ...request, headers: { ...request.headers, ...extra } })),
        };
        const summary = await measure(lucent, description.id, warm, beforeLucentLoad);
        if (summary !== undefined) outcome.lucent = summary;
        const note = summary && fewSamplesNote('Lucent', summary.ok, options.connections, summary.durationSeconds);
        if (note) outcome.notes = [...outcome.notes, note];
      }
      if (sides.orthanc !== undefined) {
        const summary = await measure(sides.orthanc, description.id, warm);
        if (summary !== undefined) outcome.orthanc = summary;
        const note = summary && fewSamplesNote('Orthanc', summary.ok, options.connections, summary.durationSeconds);
        if (note) outcome.notes = [...outcome.notes, note];
      }
    } catch (error) {
      options.errors.push({ case: description.id, message: errorMessage(error) });
    }
    const ratio = requestRatio(outcome.lucent, outcome.orthanc);
    if (ratio !== undefined) outcome.ratio = ratio;
    return outcome;
  };
}

export type CaseRunner = ReturnType<typeof createCaseRunner>;
