import { expect } from 'vitest';
import { isEngineError } from '../errors/engine-error.js';

export function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The EngineError code `run` throws; fails the test if it returns or throws anything else. */
export function errorCodeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isEngineError(error)) return error.code;
    throw error;
  }
  expect.fail('expected an EngineError');
}

export async function asyncErrorCodeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (isEngineError(error)) return error.code;
    throw error;
  }
  expect.fail('expected an EngineError');
}
