import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** One file of a multipart form, held in memory or spilled to a temporary file. */
export interface FormFile {
  /** The part's field name (any name is accepted). */
  field: string;
  /** The file name as the client sent it (may hold a relative path); never used as a storage path. */
  filename: string | undefined;
  /** The part's Content-Type (text/plain when it had none). */
  mimeType: string;
  /** Bytes received (at most the per-file limit). */
  size: number;
  /** The part passed the per-file limit: its content was dropped. */
  oversize: boolean;
  /** Its first bytes (up to 16), to recognise JPEG or PNG. */
  head: Uint8Array;
  /** The whole content, read into one buffer of exactly `size` bytes. */
  read(): Promise<Uint8Array>;
  /** Drop the content (memory and temporary file) once it has been used. */
  release(): Promise<void>;
}

/** Bytes that parts of one form may keep in memory before they spill to disk. */
export class MemoryBudget {
  #left: number;
  constructor(bytes: number) {
    this.#left = bytes;
  }
  take(bytes: number): boolean {
    if (bytes > this.#left) return false;
    this.#left -= bytes;
    return true;
  }
  give(bytes: number): void {
    this.#left += bytes;
  }
}

export interface PartSink {
  budget: MemoryBudget;
  /** Directory for spilled parts; every path created is added to `temporaryFiles` before it exists. */
  spoolDir: string;
  temporaryFiles: Set<string>;
}

const HEAD_BYTES = 16;

function concatenate(chunks: Uint8Array[], size: number): Uint8Array {
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}

async function writeAll(handle: Awaited<ReturnType<typeof open>>, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, written, chunk.byteLength - written);
    written += bytesWritten;
  }
}

/**
 * Consume one file stream: chunks stay in memory while the form's budget allows, then the part
 * spills to a temporary file, so a 1 GiB part is held once (read back into one exact-size buffer),
 * never as chunks plus a copy. `truncated` (set by the parser at the per-file limit) marks it oversize.
 */
export async function collectPart(
  stream: Readable & { truncated?: boolean },
  meta: { field: string; filename: string | undefined; mimeType: string },
  sink: PartSink,
): Promise<FormFile> {
  let chunks: Uint8Array[] = [];
  let inMemory = 0;
  let size = 0;
  const head = new Uint8Array(HEAD_BYTES);
  let headLength = 0;
  let path: string | undefined;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    for await (const data of stream) {
      const chunk = data as Uint8Array;
      if (headLength < HEAD_BYTES) {
        const take = chunk.subarray(0, HEAD_BYTES - headLength);
        head.set(take, headLength);
        headLength += take.byteLength;
      }
      size += chunk.byteLength;
      if (handle !== undefined) {
        await writeAll(handle, chunk);
      } else if (sink.budget.take(chunk.byteLength)) {
        chunks.push(chunk);
        inMemory += chunk.byteLength;
      } else {
        await mkdir(sink.spoolDir, { recursive: true });
        path = join(sink.spoolDir, `.part-${randomUUID()}.tmp`);
        sink.temporaryFiles.add(path);
        handle = await open(path, 'wx', 0o600);
        for (const held of chunks) await writeAll(handle, held);
        await writeAll(handle, chunk);
        sink.budget.give(inMemory);
        chunks = [];
        inMemory = 0;
      }
    }
  } finally {
    await handle?.close();
  }
  const oversize = stream.truncated === true;
  if (oversize) {
    sink.budget.give(inMemory);
    chunks = [];
    if (path !== undefined) await rm(path, { force: true });
  }
  let spilled = oversize ? undefined : path;
  let held: Uint8Array[] | undefined = chunks;
  return {
    ...meta,
    size,
    oversize,
    head: head.subarray(0, headLength),
    async read() {
      if (held === undefined) throw new Error('The part was released');
      if (oversize) return new Uint8Array(0);
      if (spilled !== undefined) {
        const read = await readFile(spilled);
        return new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
      }
      return concatenate(held, size);
    },
    async release() {
      if (held !== undefined) sink.budget.give(inMemory);
      held = undefined;
      if (spilled !== undefined) {
        const file = spilled;
        spilled = undefined;
        await rm(file, { force: true });
        sink.temporaryFiles.delete(file);
      }
    },
  };
}
