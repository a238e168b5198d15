import { EngineError } from '../errors/engine-error.js';

/**
 * A caller passed a value the crypto primitives cannot accept (not JSON data, bad options…).
 * The catalogue has no crypto-specific code for this, so it is the generic VALIDATION_FAILED.
 */
export function invalidInput(reason: string, cause?: unknown): EngineError {
  return new EngineError('VALIDATION_FAILED', `Invalid input to a crypto primitive: ${reason}`, { reason }, cause);
}
