import { Errors } from '../errors/engine-error.js';
import { ownsBuffer } from './transfer.js';

export interface PreparedInput {
  bytes: Uint8Array;
  transferList: ArrayBuffer[];
}

/**
 * DICOM bytes for a task: the caller's buffer is transferred (detached in the caller) when the view
 * covers all of it and `copy` is not asked; otherwise a tight copy is made and that is transferred.
 */
export function prepareInput(bytes: Uint8Array, copy = false): PreparedInput {
  if (!(bytes instanceof Uint8Array)) throw Errors.invalidDicom('the input is not a byte array');
  const sendable = !copy && ownsBuffer(bytes) ? bytes : bytes.slice();
  return { bytes: sendable, transferList: [sendable.buffer as ArrayBuffer] };
}
