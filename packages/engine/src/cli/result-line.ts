import { readFile } from 'node:fs/promises';
import { type ErrorCode, isAppError } from '@lucent/shared';
import { fileError } from './file-error.js';

export interface ErrorLine {
  file: string;
  error: ErrorCode;
  message: string;
}

/** The line for a file whose task failed: the EngineError's code and client-safe message. */
export function errorLine(file: string, error: unknown): ErrorLine {
  if (isAppError(error)) return { file, error: error.code, message: error.message };
  return { file, error: 'INTERNAL', message: 'Unexpected failure' };
}

/** Read the file and run `task` on its bytes; any failure becomes the file's error line. */
export async function lineForFile<T extends object>(
  file: string,
  task: (bytes: Uint8Array) => Promise<T>,
): Promise<T | ErrorLine> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { file, ...fileError(error) };
  }
  try {
    return await task(bytes);
  } catch (error) {
    return errorLine(file, error);
  }
}

export function isErrorLine(line: object): line is ErrorLine {
  return 'error' in line;
}
