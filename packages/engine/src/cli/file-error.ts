import type { ErrorCode } from '@lucent/shared';

export interface FileError {
  error: ErrorCode;
  message: string;
}

const BY_SYSTEM_CODE: Record<string, FileError> = {
  ENOENT: { error: 'NOT_FOUND', message: 'No such file' },
  ENOTDIR: { error: 'NOT_FOUND', message: 'No such file' },
  EACCES: { error: 'FORBIDDEN', message: 'Permission denied reading the file' },
  EPERM: { error: 'FORBIDDEN', message: 'Permission denied reading the file' },
  EISDIR: { error: 'VALIDATION_FAILED', message: 'The path is a directory, not a file' },
  ERR_FS_FILE_TOO_LARGE: { error: 'PAYLOAD_TOO_LARGE', message: 'The file is too large to read' },
};

/** A failure to read an input file, as a catalogue code and a message (no file contents). */
export function fileError(error: unknown): FileError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return (
    BY_SYSTEM_CODE[code] ?? { error: 'INTERNAL', message: `The file could not be read (${code || 'unknown error'})` }
  );
}
