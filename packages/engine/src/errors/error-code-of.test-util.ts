import { type EngineError, isEngineError } from './engine-error.js';

/**
 * The EngineError `run` throws or its promise rejects with, undefined when it completes; any other
 * exception escapes and fails the test.
 */
export async function engineErrorOf(run: () => unknown): Promise<EngineError | undefined> {
  try {
    await run();
  } catch (error) {
    if (isEngineError(error)) return error;
    throw error;
  }
  return undefined;
}

/** The code of the EngineError `run` throws or rejects with, or 'none'; any other exception fails the test. */
export async function errorCodeOf(run: () => unknown): Promise<string> {
  return (await engineErrorOf(run))?.code ?? 'none';
}

/** `errorCodeOf` for synchronous code: the code of the EngineError `run` throws, or 'none'. */
export function errorCodeOfSync(run: () => unknown): string {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    if (isEngineError(error)) return error.code;
    throw error;
  }
  if (result instanceof Promise) throw new Error('errorCodeOfSync: `run` returned a promise; use errorCodeOf');
  return 'none';
}
