import { type EngineError, Errors, isEngineError } from '../errors/engine-error.js';
import { invalidOptions } from './engine-options.js';
import { deserializeTaskError, isSerializedEngineError } from './task-error.js';

export interface RejectionContext {
  /** The signal given to Piscina: its reason is ours when we aborted (timeout, caller abort). */
  signal: AbortSignal;
  closed: boolean;
  queueSize: number;
}

/** Piscina's messages for a full queue (it has no error codes). */
const QUEUE_FULL_MESSAGES = ['Task queue is at limit', 'No task queue available and all Workers are busy'];

const MAX_REASON_LENGTH = 300;

/** Map anything a Piscina task rejected with to a typed EngineError. */
export function toEngineError(error: unknown, context: RejectionContext): EngineError {
  if (context.signal.aborted && isEngineError(context.signal.reason)) return context.signal.reason;
  if (isSerializedEngineError(error)) return deserializeTaskError(error);
  if (isEngineError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (QUEUE_FULL_MESSAGES.includes(message)) return Errors.overloaded(context.queueSize);
  if (error instanceof Error && error.name === 'DataCloneError') {
    return invalidOptions('task input', 'it holds values that cannot be sent to a worker thread');
  }
  if (context.closed) return Errors.closed();
  // The worker died under the task: process.exit, an uncaught exception, out of memory.
  return Errors.taskFailed(`worker failed: ${message}`.slice(0, MAX_REASON_LENGTH), error);
}
