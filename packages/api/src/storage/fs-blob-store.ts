import { randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import {
  chunkSpan,
  DEFAULT_CHUNK_BYTES,
  decodeHeader,
  type EnvelopeHeader,
  encodeHeader,
  encryptedLength,
  HEADER_BYTES,
  isEnvelope,
  type KeyRing,
  openChunk,
  rewrapHeader,
  sealFile,
  unwrapDataKey,
} from '@lucent/engine';
import { AppError } from '@lucent/shared';
import { type BlobStore, isSafeKey, type StoredLocation } from './blob-store.js';

export interface FileEncryption {
  /** The master key ring (read on every call: a rotation's new active key applies at once). */
  ring: () => KeyRing;
  /** Encrypt new files (ENCRYPT_FILES); reading encrypted and plaintext files works either way. */
  encryptWrites: boolean;
  chunkBytes?: number;
}

/** The filesystem store, with the envelope encryption operations key rotation needs. */
export interface FsBlobStore extends BlobStore {
  /** The master key id a stored file's data key is wrapped with; null for a plaintext file. */
  keyIdOf(key: string): Promise<string | null>;
  /** Re-wrap the file's data key under the active master key (the body is copied, not re-encrypted). */
  rewrap(key: string): Promise<boolean>;
  /** Every stored key (temporary files excluded). */
  keys(): AsyncIterable<string>;
}

const shorter = () => new AppError('INTERNAL', { message: 'Stored file is shorter than indexed' });
const truncated = () =>
  new AppError('DECRYPTION_FAILED', { message: 'A stored file failed its integrity check (truncated)' });
const WRITE_BATCH = 4 * 1024 * 1024;
/** Locations remembered (path, envelope layout and data key: ~150 bytes each). */
const LOCATED_ENTRIES = 8192;

async function readExactly(
  handle: FileHandle,
  length: number,
  position: number,
  short: () => AppError = shorter,
): Promise<Uint8Array> {
  // Not zeroed: every byte is read into (a short read is an error). Zeroing a frame-sized buffer
  // costs page faults worth ~100 times the copy (see the engine's uninitializedBytes).
  const allocated = Buffer.allocUnsafeSlow(length);
  const buffer = new Uint8Array(allocated.buffer, allocated.byteOffset, length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  if (read !== length) throw short();
  return buffer;
}

async function readHead(handle: FileHandle): Promise<Uint8Array> {
  const head = new Uint8Array(HEADER_BYTES);
  const { bytesRead } = await handle.read(head, 0, HEADER_BYTES, 0);
  return head.subarray(0, bytesRead);
}

/**
 * Files under `root`. A put writes a temporary file in the same directory, fsyncs it, renames it over
 * the key and fsyncs the directory, so a crash leaves the old file or the new one and never half of one.
 * With `encryption`, files are written in the envelope format of file-envelope.ts and range reads
 * decrypt only the chunks that cover the range.
 */
export function createFsBlobStore(root: string, encryption?: FileEncryption): FsBlobStore {
  const pathOf = (key: string): string => {
    if (!isSafeKey(key)) throw new AppError('VALIDATION_FAILED', { message: 'Invalid storage key' });
    return join(root, key);
  };
  const ring = (): KeyRing => {
    if (encryption === undefined) throw new AppError('UNKNOWN_KEY', { message: 'File encryption is not configured' });
    return encryption.ring();
  };

  async function syncDirectory(directory: string): Promise<void> {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Write `parts` to a temporary file and rename it over `key`, durably. */
  async function writeAtomically(key: string, parts: Iterable<Uint8Array>): Promise<void> {
    const path = pathOf(key);
    const directory = dirname(path);
    await mkdir(directory, { recursive: true });
    const temporary = join(directory, `.${randomUUID()}.tmp`);
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        let batch: Uint8Array[] = [];
        let size = 0;
        for (const part of parts) {
          batch.push(part);
          size += part.byteLength;
          if (size >= WRITE_BATCH) {
            await handle.writev(batch);
            batch = [];
            size = 0;
          }
        }
        if (batch.length > 0) await handle.writev(batch);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncDirectory(directory);
  }

  async function withFile<T>(key: string, use: (handle: FileHandle) => Promise<T>): Promise<T> {
    const handle = await open(pathOf(key), 'r');
    try {
      return await use(handle);
    } finally {
      await handle.close();
    }
  }

  /** Decrypt chunks first..last of an encrypted file, concatenated. */
  async function openChunks(
    handle: FileHandle,
    key: string,
    header: EnvelopeHeader,
    first: number,
    last: number,
  ): Promise<Buffer> {
    const dataKey = unwrapDataKey(header, key, ring());
    const start = chunkSpan(header, first).offset;
    const end = chunkSpan(header, last).offset + chunkSpan(header, last).length;
    const sealed = await readExactly(handle, end - start, start, truncated);
    const plain: Buffer[] = [];
    for (let index = first; index <= last; index++) {
      const span = chunkSpan(header, index);
      plain.push(
        openChunk(header, dataKey, index, sealed.subarray(span.offset - start, span.offset - start + span.length)),
      );
    }
    return plain.length === 1 ? (plain[0] as Buffer) : Buffer.concat(plain);
  }

  /** key → where and how a worker reads it; dropped on every write of the key here, or by forget(). */
  const located = new Map<string, StoredLocation>();
  const remember = (key: string, location: StoredLocation) => {
    if (located.size >= LOCATED_ENTRIES) {
      const oldest = located.keys().next();
      if (oldest.done !== true) located.delete(oldest.value);
    }
    located.set(key, location);
  };

  async function* walk(directory: string): AsyncGenerator<string> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) yield* walk(path);
      else if (entry.isFile() && !entry.name.startsWith('.')) yield relative(root, path).split(sep).join('/');
    }
  }

  return {
    async put(key, bytes) {
      located.delete(key);
      try {
        if (encryption?.encryptWrites === true) {
          await writeAtomically(key, sealFile(bytes, key, ring(), encryption.chunkBytes ?? DEFAULT_CHUNK_BYTES));
        } else await writeAtomically(key, [bytes]);
      } finally {
        located.delete(key);
      }
    },
    async locate(key) {
      const known = located.get(key);
      if (known !== undefined) {
        located.delete(key);
        located.set(key, known);
        return known;
      }
      const path = pathOf(key);
      const location = await withFile(key, async (handle): Promise<StoredLocation> => {
        const head = await readHead(handle);
        if (!isEnvelope(head)) return { path, size: (await handle.stat()).size };
        const header = decodeHeader(head);
        const { fileId, chunkBytes, plaintextLength } = header;
        return {
          path,
          size: plaintextLength,
          envelope: { fileId, chunkBytes, plaintextLength, dataKey: unwrapDataKey(header, key, ring()) },
        };
      });
      remember(key, location);
      return location;
    },
    forget(key) {
      located.delete(key);
    },
    get(key) {
      return withFile(key, async (handle) => {
        const head = await readHead(handle);
        if (!isEnvelope(head)) {
          const { size } = await handle.stat();
          return readExactly(handle, size, 0);
        }
        const header = decodeHeader(head);
        if ((await handle.stat()).size !== encryptedLength(header)) throw truncated();
        const last = Math.max(0, Math.ceil(header.plaintextLength / header.chunkBytes) - 1);
        return new Uint8Array(await openChunks(handle, key, header, 0, last));
      });
    },
    getRange(key, offset, length) {
      return withFile(key, async (handle) => {
        const head = await readHead(handle);
        if (!isEnvelope(head)) return readExactly(handle, length, offset);
        const header = decodeHeader(head);
        if (offset + length > header.plaintextLength) throw shorter();
        if (length === 0) return new Uint8Array(0);
        const first = Math.floor(offset / header.chunkBytes);
        const last = Math.floor((offset + length - 1) / header.chunkBytes);
        const plain = await openChunks(handle, key, header, first, last);
        const from = offset - first * header.chunkBytes;
        return new Uint8Array(plain.buffer, plain.byteOffset + from, length);
      });
    },
    async delete(key) {
      located.delete(key);
      await rm(pathOf(key), { force: true });
    },
    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch {
        return false;
      }
    },
    keyIdOf(key) {
      return withFile(key, async (handle) => {
        const head = await readHead(handle);
        return isEnvelope(head) ? decodeHeader(head).keyId : null;
      });
    },
    async rewrap(key) {
      const current = ring();
      const { header, body } = await withFile(key, async (handle) => {
        const head = await readHead(handle);
        if (!isEnvelope(head)) return { header: null, body: new Uint8Array(0) };
        const decoded = decodeHeader(head);
        if (decoded.keyId === current.activeKeyId) return { header: null, body: new Uint8Array(0) };
        const { size } = await handle.stat();
        return { header: decoded, body: await readExactly(handle, size - HEADER_BYTES, HEADER_BYTES) };
      });
      if (header === null) return false;
      await writeAtomically(key, [encodeHeader(rewrapHeader(header, key, current)), body]);
      // Same file id and data key: a remembered location stays right, but drop it anyway.
      located.delete(key);
      return true;
    },
    keys: () => walk(root),
  };
}
