import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { EngineError } from '../errors/engine-error.js';

/**
 * Options of `createEngine`. Every field is optional:
 * - `threads`: worker threads at most (default `os.availableParallelism()`).
 * - `minThreads`: threads kept alive while idle (default `threads`: a warm pool, so no request pays
 *   for a worker start and codec instantiation). Threads above it exit after `idleTimeout` ms.
 * - `maxQueue`: tasks that may wait for a free thread (default `threads * 16`: a few seconds of
 *   backlog at typical decode times; beyond it callers get ENGINE_OVERLOADED at once rather than
 *   waiting without bound).
 * - `taskTimeoutMs`: per-task limit, counted from submission, queue time included (default 30 000);
 *   a task over it rejects with ENGINE_TIMEOUT and its worker is terminated and replaced.
 * - `idleTimeout`: ms an idle thread above `minThreads` lives (default 30 000).
 * - `maxWorkerHeapMb`: old-generation heap limit a worker (default: Node's); a worker over it dies
 *   and only its task fails.
 */
export const EngineOptions = z
  .object({
    threads: z.number().int().positive().max(1024).optional(),
    minThreads: z.number().int().nonnegative().max(1024).optional(),
    maxQueue: z.number().int().nonnegative().max(1_000_000).optional(),
    taskTimeoutMs: z.number().int().positive().max(3_600_000).optional(),
    idleTimeout: z.number().int().nonnegative().max(3_600_000).optional(),
    maxWorkerHeapMb: z.number().int().min(16).max(65_536).optional(),
  })
  .strict();
export type EngineOptions = z.input<typeof EngineOptions>;

export interface ResolvedEngineOptions {
  threads: number;
  minThreads: number;
  maxQueue: number;
  taskTimeoutMs: number;
  idleTimeout: number;
  maxWorkerHeapMb: number | undefined;
}

export const QUEUE_PER_THREAD = 16;
export const DEFAULT_TASK_TIMEOUT_MS = 30_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/** Options of one engine call. */
export interface CallOptions {
  /** Aborting rejects with ENGINE_ABORTED (and terminates the worker when the task already runs). */
  signal?: AbortSignal;
  /** Overrides the engine's `taskTimeoutMs` for this call. */
  timeoutMs?: number;
}

/** Options of calls that take DICOM bytes. */
export interface BytesCallOptions extends CallOptions {
  /**
   * By default the input's ArrayBuffer is transferred to the worker when the view covers all of it,
   * which detaches it in the caller. `copy: true` sends a copy and leaves the caller's buffer intact.
   */
  copy?: boolean;
}

export function invalidOptions(what: string, issues: string): EngineError {
  return new EngineError('VALIDATION_FAILED', `Invalid ${what}: ${issues}`, { reason: issues });
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`).join('; ');
}

/** Validate and fill in defaults; throws EngineError VALIDATION_FAILED naming every problem. */
export function resolveEngineOptions(options: EngineOptions = {}): ResolvedEngineOptions {
  const parsed = EngineOptions.safeParse(options);
  if (!parsed.success) throw invalidOptions('engine options', describeIssues(parsed.error));
  const threads = parsed.data.threads ?? availableParallelism();
  const minThreads = Math.min(parsed.data.minThreads ?? threads, threads);
  return {
    threads,
    minThreads,
    maxQueue: parsed.data.maxQueue ?? threads * QUEUE_PER_THREAD,
    taskTimeoutMs: parsed.data.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS,
    idleTimeout: parsed.data.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS,
    maxWorkerHeapMb: parsed.data.maxWorkerHeapMb,
  };
}

/** The timeout of one call: the call's own, else the engine's. */
export function resolveTimeout(callTimeoutMs: number | undefined, engineTimeoutMs: number): number {
  if (callTimeoutMs === undefined) return engineTimeoutMs;
  if (!Number.isFinite(callTimeoutMs) || callTimeoutMs <= 0 || callTimeoutMs > 3_600_000) {
    throw invalidOptions('call options', 'timeoutMs must be a positive number of milliseconds up to one hour');
  }
  return callTimeoutMs;
}
