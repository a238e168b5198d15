import { Piscina } from 'piscina';
import { Errors } from '../errors/engine-error.js';
import { type CallOptions, type ResolvedEngineOptions, resolveTimeout } from './engine-options.js';
import { toEngineError } from './pool-rejection.js';
import type { AnyTaskName, AnyTaskTypes, TaskRequest } from './task-types.js';
import { workerLocation } from './worker-location.js';
import type { WorkerSettings } from './worker-settings.js';

export interface EngineStats {
  /** Live worker threads, and the most there may be. */
  threads: number;
  maxThreads: number;
  /** Tasks waiting for a thread, and the most that may wait. */
  queueSize: number;
  maxQueue: number;
  /** Tasks finished (succeeded or failed) since start. */
  completed: number;
  /** Share of the pool's capacity used since start, 0–1. */
  utilization: number;
}

export interface RunOptions extends CallOptions {
  transferList?: ArrayBuffer[];
}

/** The untyped-by-name core of the engine: submits tasks to Piscina and maps every failure. */
export interface TaskRunner {
  run<K extends AnyTaskName>(
    task: K,
    input: AnyTaskTypes[K]['input'],
    options?: RunOptions,
  ): Promise<AnyTaskTypes[K]['output']>;
  stats(): EngineStats;
  close(): Promise<void>;
}

export function createTaskRunner(options: ResolvedEngineOptions, settings: WorkerSettings): TaskRunner {
  const location = workerLocation();
  const pool = new Piscina({
    filename: location.filename,
    ...(location.execArgv === undefined ? {} : { execArgv: location.execArgv }),
    maxThreads: options.threads,
    minThreads: options.minThreads,
    maxQueue: options.maxQueue,
    idleTimeout: options.idleTimeout,
    workerData: settings,
    ...(options.maxWorkerHeapMb === undefined
      ? {}
      : { resourceLimits: { maxOldGenerationSizeMb: options.maxWorkerHeapMb } }),
  });
  let closed = false;
  let closing: Promise<void> | undefined;

  async function run<K extends AnyTaskName>(
    task: K,
    input: AnyTaskTypes[K]['input'],
    runOptions: RunOptions = {},
  ): Promise<AnyTaskTypes[K]['output']> {
    if (closed) throw Errors.closed();
    const timeoutMs = resolveTimeout(runOptions.timeoutMs, options.taskTimeoutMs);
    const { signal } = runOptions;
    if (signal?.aborted) throw Errors.aborted();
    if (pool.queueSize >= options.maxQueue && options.maxQueue > 0) throw Errors.overloaded(pool.queueSize);

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(Errors.timeout(timeoutMs)), timeoutMs);
    const onCallerAbort = () => controller.abort(Errors.aborted());
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    const request: TaskRequest<K> = { task, input };
    try {
      return await pool.run(request, {
        signal: controller.signal,
        ...(runOptions.transferList === undefined ? {} : { transferList: runOptions.transferList }),
      });
    } catch (error) {
      throw toEngineError(error, { signal: controller.signal, closed, queueSize: pool.queueSize });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return {
    run,
    stats: () => ({
      threads: pool.threads.length,
      maxThreads: pool.maxThreads,
      queueSize: pool.queueSize,
      maxQueue: options.maxQueue,
      completed: pool.completed,
      utilization: pool.utilization,
    }),
    close() {
      closed = true;
      closing ??= pool.close().catch(() => pool.destroy());
      return closing;
    },
  };
}
