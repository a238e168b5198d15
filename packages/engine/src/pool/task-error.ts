import { type ErrorCode, isErrorCode } from '@lucent/shared';
import { EngineError, Errors, isEngineError } from '../errors/engine-error.js';

/**
 * An EngineError as it crosses the thread boundary: a structured clone of an Error keeps only its
 * message, so the worker throws this plain object and the main thread rebuilds the EngineError.
 */
export interface SerializedEngineError {
  lucentEngineError: true;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

const MAX_REASON_LENGTH = 300;

/** Details that survive structured cloning (JSON-safe), or nothing. */
function cloneableDetails(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (details === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Worker side: what to throw for any error a task raised. An unexpected (non-engine) error becomes
 * ENGINE_TASK_FAILED with its type and message only (messages of our dependencies carry no PHI).
 */
export function serializeTaskError(error: unknown): SerializedEngineError {
  const engineError = isEngineError(error)
    ? error
    : Errors.taskFailed(
        (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, MAX_REASON_LENGTH),
      );
  const details = cloneableDetails(engineError.details);
  return {
    lucentEngineError: true,
    code: engineError.code,
    message: engineError.message,
    ...(details === undefined ? {} : { details }),
  };
}

export function isSerializedEngineError(value: unknown): value is SerializedEngineError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof SerializedEngineError, unknown>>;
  return candidate.lucentEngineError === true && isErrorCode(candidate.code) && typeof candidate.message === 'string';
}

/** Main-thread side: the typed error again, with a fresh stack. */
export function deserializeTaskError(value: SerializedEngineError): EngineError {
  const details =
    typeof value.details === 'object' && value.details !== null && !Array.isArray(value.details)
      ? value.details
      : undefined;
  return new EngineError(value.code, value.message, details);
}
