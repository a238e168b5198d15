import { ErrorCodes, type IngestFileResult } from '@lucent/shared';
import { isLucentError, LucentError } from './lucent-error.js';
import type { UploadData, UploadFile, UploadFileResult } from './upload-types.js';

/** One file of an upload as the client sees it: its position, name, bytes and size. */
export interface UploadEntry {
  index: number;
  name: string;
  data: UploadData;
  bytes: number;
}

function nameOf(file: UploadFile, index: number): string {
  if (file instanceof Blob) return 'name' in file && typeof file.name === 'string' ? file.name : `file-${index + 1}`;
  return file.name;
}

export function entryOf(file: UploadFile, index: number): UploadEntry {
  const data = file instanceof Blob ? file : file.data;
  return { index, name: nameOf(file, index), data, bytes: data instanceof Blob ? data.size : data.byteLength };
}

/**
 * The client's result for a file from the server's: the client's name, and for a failure the HTTP
 * status its code has in the catalogue (what a one-file upload of it would have answered).
 */
export function resultOf(entry: UploadEntry, result: IngestFileResult): UploadFileResult {
  const { outcome, sopInstanceUid, studyInstanceUid, seriesInstanceUid, error } = result;
  return {
    name: entry.name,
    outcome,
    bytes: entry.bytes,
    ...(sopInstanceUid === undefined ? {} : { sopInstanceUid }),
    ...(studyInstanceUid === undefined ? {} : { studyInstanceUid }),
    ...(seriesInstanceUid === undefined ? {} : { seriesInstanceUid }),
    ...(error === undefined ? {} : { error: { ...error, status: ErrorCodes[error.code].status } }),
  };
}

/** A file that could not be uploaded because its request failed (no answer, an error answer). */
export function failedResult(entry: UploadEntry, error: unknown): UploadFileResult {
  const lucent = isLucentError(error)
    ? error
    : new LucentError('INTERNAL', { status: 0, message: error instanceof Error ? error.message : String(error) });
  return {
    name: entry.name,
    outcome: 'failed',
    bytes: entry.bytes,
    error: { code: lucent.code, message: lucent.message, status: lucent.status },
  };
}
