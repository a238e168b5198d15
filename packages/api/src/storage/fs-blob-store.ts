import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '@lucent/shared';
import { type BlobStore, isSafeKey } from './blob-store.js';

/**
 * Files under `root`. A put writes a temporary file in the same directory, fsyncs it, renames it over
 * the key and fsyncs the directory, so a crash leaves the old file or the new one and never half of one.
 */
export function createFsBlobStore(root: string): BlobStore {
  const pathOf = (key: string): string => {
    if (!isSafeKey(key)) throw new AppError('VALIDATION_FAILED', { message: 'Invalid storage key' });
    return join(root, key);
  };

  async function syncDirectory(directory: string): Promise<void> {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    async put(key, bytes) {
      const path = pathOf(key);
      const directory = dirname(path);
      await mkdir(directory, { recursive: true });
      const temporary = join(directory, `.${randomUUID()}.tmp`);
      try {
        const handle = await open(temporary, 'wx', 0o600);
        try {
          await handle.writeFile(bytes);
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
    },
    async get(key) {
      return new Uint8Array(await readFile(pathOf(key)));
    },
    async getRange(key, offset, length) {
      const handle = await open(pathOf(key), 'r');
      try {
        // Not zeroed: every byte is read into (a short file is an error). Zeroing a frame-sized
        // buffer costs page faults worth ~100 times the copy (see the engine's uninitializedBytes).
        const allocated = Buffer.allocUnsafeSlow(length);
        const buffer = new Uint8Array(allocated.buffer, allocated.byteOffset, length);
        let read = 0;
        while (read < length) {
          const { bytesRead } = await handle.read(buffer, read, length - read, offset + read);
          if (bytesRead === 0) break;
          read += bytesRead;
        }
        if (read !== length) throw new AppError('INTERNAL', { message: 'Stored file is shorter than indexed' });
        return buffer;
      } finally {
        await handle.close();
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch {
        return false;
      }
    },
  };
}
