import { callOptions } from './call-options.js';
import { type EngineCrypto, engineCrypto } from './engine-crypto.js';
import { type EngineFrames, engineFrames } from './engine-frames.js';
import { type EngineImaging, engineImaging } from './engine-imaging.js';
import { type CallOptions, type EngineOptions, resolveEngineOptions } from './engine-options.js';
import { TaskName } from './task-names.js';
import { createTaskRunner, type EngineStats, type TaskRunner } from './task-runner.js';

export type { FieldCallOptions, HashPasswordCallOptions, VerifyChainCallOptions } from './engine-crypto.js';
export type { DecodePartsCallOptions, RenderPartsCallOptions } from './engine-frames.js';
export type { DecodeCallOptions, DecodeSummaryCallOptions, DicomJsonCallOptions } from './engine-imaging.js';
export type { BytesCallOptions, CallOptions, EngineOptions } from './engine-options.js';
export type { EngineStats } from './task-runner.js';

/**
 * The compute engine: a pool of worker threads running parsing, decoding, rendering and crypto,
 * with one typed method per task. Every method rejects with a typed EngineError only: the task's
 * own (INVALID_DICOM, DECRYPTION_FAILED…), or ENGINE_OVERLOADED (queue full, at once),
 * ENGINE_TIMEOUT, ENGINE_ABORTED, ENGINE_TASK_FAILED (the worker died; it is replaced) or
 * ENGINE_CLOSED. Each method takes `{ signal, timeoutMs }`.
 *
 * DICOM input bytes are transferred to the worker, detaching the caller's ArrayBuffer, when the
 * view covers all of it; pass `copy: true` to keep it. Pixel and image buffers come back
 * transferred, not copied.
 */
export interface Engine extends EngineImaging, EngineFrames, EngineCrypto {
  /** A no-op task: the pool's round-trip overhead. */
  ping(options?: CallOptions): Promise<void>;
  stats(): EngineStats;
  /** Let running and queued tasks finish, then stop the threads; later calls reject ENGINE_CLOSED. */
  close(): Promise<void>;
}

export function engineFromRunner(runner: TaskRunner): Engine {
  return {
    ...engineImaging(runner),
    ...engineFrames(runner),
    ...engineCrypto(runner),
    async ping(options = {}) {
      await runner.run(TaskName.ping, undefined, callOptions(options));
    },
    stats: () => runner.stats(),
    close: () => runner.close(),
  };
}

/** Start an engine: options validated (VALIDATION_FAILED), defaults documented on EngineOptions. */
export function createEngine(options: EngineOptions = {}): Engine {
  return engineFromRunner(createTaskRunner(resolveEngineOptions(options), { testTasks: false }));
}
