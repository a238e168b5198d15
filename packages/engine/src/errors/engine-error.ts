import { AppError, type ErrorCode } from '@lucent/shared';

/**
 * A typed engine error. Carries a catalogue code from @lucent/shared and client-safe details
 * (transfer syntax, frame index…), never patient data.
 */
export class EngineError extends AppError {
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>, cause?: unknown) {
    super(code, {
      ...(message === undefined ? {} : { message }),
      ...(details === undefined ? {} : { details }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.name = 'EngineError';
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}

/** Factories: each call makes a fresh error (fresh stack) with a stable code. */
export const Errors = {
  invalidDicom: (reason: string, cause?: unknown) =>
    new EngineError('INVALID_DICOM', `Not a readable DICOM dataset: ${reason}`, { reason }, cause),
  truncated: (reason: string) => new EngineError('TRUNCATED_DICOM', `DICOM data is truncated: ${reason}`, { reason }),
  unsupportedTransferSyntax: (uid: string) =>
    new EngineError('UNSUPPORTED_TRANSFER_SYNTAX', `Unsupported transfer syntax ${uid}`, { transferSyntaxUid: uid }),
  noPixelData: () => new EngineError('NO_PIXEL_DATA'),
  frameOutOfRange: (frame: number, frames: number) =>
    new EngineError('FRAME_OUT_OF_RANGE', `Frame ${frame} does not exist (the instance has ${frames})`, {
      frame,
      frames,
    }),
  invalidPixelModule: (reason: string) =>
    new EngineError('INVALID_PIXEL_MODULE', `Inconsistent image pixel attributes: ${reason}`, { reason }),
  corruptPixelData: (transferSyntaxUid: string, reason: string, cause?: unknown) =>
    new EngineError(
      'CORRUPT_PIXEL_DATA',
      `Pixel data in ${transferSyntaxUid} could not be decoded: ${reason}`,
      { transferSyntaxUid, reason },
      cause,
    ),
  invalidElement: (reason: string) =>
    new EngineError('VALIDATION_FAILED', `Cannot write the DICOM element: ${reason}`, { reason }),
  invalidImage: (reason: string) =>
    new EngineError('INVALID_IMAGE', `Not a readable JPEG or PNG image: ${reason}`, { reason }),
  invalidRenderOptions: (reason: string) =>
    new EngineError('INVALID_RENDER_OPTIONS', `Invalid rendering parameters: ${reason}`, { reason }),
  renderFailed: (reason: string, cause?: unknown) =>
    new EngineError('RENDER_FAILED', `Rendering failed: ${reason}`, { reason }, cause),
  overloaded: (queueSize: number) =>
    new EngineError('ENGINE_OVERLOADED', undefined, { queueSize, retryAfterSeconds: 1 }),
  timeout: (ms: number) => new EngineError('ENGINE_TIMEOUT', `Engine task exceeded ${ms} ms`, { timeoutMs: ms }),
  aborted: () => new EngineError('ENGINE_ABORTED'),
  closed: () => new EngineError('ENGINE_CLOSED'),
  taskFailed: (reason: string, cause?: unknown) =>
    new EngineError('ENGINE_TASK_FAILED', `Engine task failed: ${reason}`, { reason }, cause),
  decryptionFailed: (reason?: string) =>
    new EngineError('DECRYPTION_FAILED', reason === undefined ? undefined : `Decryption failed: ${reason}`),
  storedFileChanged: () => new EngineError('STORED_FILE_CHANGED'),
  storedFileMissing: (cause?: unknown) => new EngineError('STORED_FILE_MISSING', undefined, undefined, cause),
  unknownKey: (keyId: string) => new EngineError('UNKNOWN_KEY', `No key "${keyId}" in the key ring`, { keyId }),
  invalidCiphertext: (reason: string) =>
    new EngineError('INVALID_CIPHERTEXT', `Malformed ciphertext: ${reason}`, { reason }),
  invalidKey: (reason: string) => new EngineError('INVALID_KEY', `Malformed key: ${reason}`, { reason }),
  signatureInvalid: () => new EngineError('SIGNATURE_INVALID'),
  hashChainBroken: (index: number) =>
    new EngineError('HASH_CHAIN_BROKEN', `Hash chain breaks at entry ${index}`, { index }),
};
