import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@lucent/shared';

export interface SpoolOptions {
  dir: string;
  /** Bytes accepted before PAYLOAD_TOO_LARGE. */
  limit: number;
  declaredLength: number | undefined;
}

/**
 * Write a request body to `dir` for a background job: a temporary file, fsynced, renamed to its
 * final name only once the whole body has arrived. A body over the limit, shorter than its
 * Content-Length, or cut off mid-stream leaves nothing behind.
 */
export async function spoolUpload(body: ReadableStream<Uint8Array> | null, options: SpoolOptions): Promise<string> {
  const { dir, limit, declaredLength } = options;
  if (declaredLength !== undefined && declaredLength > limit) {
    throw new AppError('PAYLOAD_TOO_LARGE', { details: { limit } });
  }
  await mkdir(dir, { recursive: true });
  const id = randomUUID();
  const temporary = join(dir, `.${id}.tmp`);
  const path = join(dir, `${id}.upload`);
  const handle = await open(temporary, 'wx', 0o600);
  let received = 0;
  try {
    if (body !== null) {
      const reader = body.getReader();
      try {
        for (;;) {
          let chunk: Awaited<ReturnType<typeof reader.read>>;
          try {
            chunk = await reader.read();
          } catch (error) {
            throw new AppError('UPLOAD_INCOMPLETE', { message: 'The upload was interrupted', cause: error });
          }
          if (chunk.done) break;
          received += chunk.value.byteLength;
          if (received > limit) throw new AppError('PAYLOAD_TOO_LARGE', { details: { limit } });
          let written = 0;
          while (written < chunk.value.byteLength) {
            written += (await handle.write(chunk.value, written, chunk.value.byteLength - written)).bytesWritten;
          }
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    }
    if (declaredLength !== undefined && received !== declaredLength) {
      throw new AppError('UPLOAD_INCOMPLETE', { details: { declared: declaredLength, received } });
    }
    await handle.sync();
    await handle.close();
    await rename(temporary, path);
    return path;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Remove what a previous process left in a spool directory (its jobs are marked failed at start). */
export async function clearSpool(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(names.map((name) => rm(join(dir, name), { recursive: true, force: true })));
}
