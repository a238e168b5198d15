import type { EnvelopeLayout } from '@lucent/engine';

/** Where an engine worker can read a stored object itself (and how to decrypt it). */
export interface StoredLocation {
  path: string;
  /** The stored bytes' length (an encrypted file's plaintext length). */
  size: number;
  envelope?: EnvelopeLayout & { dataKey: Uint8Array };
}

/**
 * Where DICOM files live. Keys are relative, slash-separated and made only of safe characters
 * (see storageKeyFor); implementations reject anything else. The filesystem store is the default;
 * an S3-compatible store implements the same interface.
 */
export interface BlobStore {
  /** Write atomically: readers see the old object or the whole new one, never a partial one. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  /** Read `length` bytes at `offset` (one frame) without reading the whole object. */
  getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /**
   * Optional (local stores): where a worker thread can read the object directly, remembered per key
   * (the envelope header is read and its data key unwrapped once). Readers that find the object
   * changed since call `forget(key)` and locate it again.
   */
  locate?(key: string): Promise<StoredLocation>;
  forget?(key: string): void;
}

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export function isSafeKey(key: string): boolean {
  return SAFE_KEY.test(key) && !key.split('/').some((part) => part === '.' || part === '..');
}
