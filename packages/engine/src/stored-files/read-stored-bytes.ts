import { closeSync, openSync, readSync } from 'node:fs';
import { Errors } from '../errors/engine-error.js';
import { uninitializedBytes } from '../image/uninitialized.js';
import { chunkSpan, decodeHeader, type EnvelopeLayout, HEADER_BYTES, isEnvelope, openChunk } from './file-envelope.js';

/** A byte range of a stored file's plaintext. */
export interface StoredSpan {
  offset: number;
  length: number;
}

/**
 * Bytes of a stored file for a worker to read itself, so that a frame's bytes are read (and
 * decrypted) in the thread that decodes them and never cross threads: the file's path, the
 * plaintext spans to concatenate (one span, or a frame's fragments), and for an envelope-encrypted
 * file its layout and unwrapped data key (the caller unwrapped it with the master key ring).
 */
export interface StoredBytesRef {
  path: string;
  spans: readonly StoredSpan[];
  envelope?: EnvelopeLayout & { dataKey: Uint8Array };
}

const ENVELOPE_MAGIC_BYTES = 8;
/** Scratch buffers are kept for frames up to this size; larger reads allocate and let go. */
const SCRATCH_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Per-thread scratch memory, reused from task to task: fresh frame-sized allocations cost page
 * faults on every task (expensive in virtual machines), and their churn drives major GCs. A worker
 * runs one task at a time, and a scratch view never outlives the task that asked for it.
 */
const scratch: { sealed?: Uint8Array<ArrayBuffer>; plain?: Uint8Array<ArrayBuffer> } = {};

let plainLeased = false;

/**
 * Run `use` with the right to transient reads (`use(true)`), or without it (`use(false)`) when a
 * task in this thread already holds it (tasks called directly, not through the pool, can overlap).
 */
export async function withTransientReads<T>(use: (transient: boolean) => Promise<T>): Promise<T> {
  if (plainLeased) return use(false);
  plainLeased = true;
  try {
    return await use(true);
  } finally {
    plainLeased = false;
  }
}

function scratchBytes(which: keyof typeof scratch, length: number): Uint8Array {
  if (length > SCRATCH_MAX_BYTES) return uninitializedBytes(length);
  let buffer = scratch[which];
  if (buffer === undefined || buffer.byteLength < length) {
    buffer = uninitializedBytes(Math.min(SCRATCH_MAX_BYTES, Math.max(length, 2 * (buffer?.byteLength ?? 0))));
    scratch[which] = buffer;
  }
  return buffer.subarray(0, length);
}

function readExactly(fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.byteLength) {
    const read = readSync(fd, into, done, into.byteLength - done, position + done);
    if (read === 0) throw Errors.decryptionFailed('stored file is shorter than its index');
    done += read;
  }
}

/** Plaintext [start, end) of an envelope file: only the chunks covering it are read and decrypted. */
function openRange(
  fd: number,
  envelope: NonNullable<StoredBytesRef['envelope']>,
  start: number,
  end: number,
  output: (length: number) => Uint8Array,
) {
  const head = new Uint8Array(HEADER_BYTES);
  readExactly(fd, head, 0);
  // The caller located the file earlier: a file replaced since (another id) is not read with the old key.
  const header = decodeHeader(head);
  if (
    !Buffer.from(header.fileId).equals(Buffer.from(envelope.fileId)) ||
    header.chunkBytes !== envelope.chunkBytes ||
    header.plaintextLength !== envelope.plaintextLength
  ) {
    throw Errors.storedFileChanged();
  }
  if (end > envelope.plaintextLength) throw Errors.decryptionFailed('range past the end of the stored file');
  const out = output(end - start);
  if (end === start) return out;
  const first = Math.floor(start / envelope.chunkBytes);
  const last = Math.floor((end - 1) / envelope.chunkBytes);
  const from = chunkSpan(envelope, first).offset;
  const lastSpan = chunkSpan(envelope, last);
  const sealed = scratchBytes('sealed', lastSpan.offset + lastSpan.length - from);
  readExactly(fd, sealed, from);
  for (let index = first; index <= last; index++) {
    const span = chunkSpan(envelope, index);
    const plain = openChunk(
      envelope,
      envelope.dataKey,
      index,
      sealed.subarray(span.offset - from, span.offset - from + span.length),
    );
    const chunkStart = index * envelope.chunkBytes;
    const lo = Math.max(start, chunkStart);
    const hi = Math.min(end, chunkStart + plain.byteLength);
    out.set(plain.subarray(lo - chunkStart, hi - chunkStart), lo - start);
  }
  return out;
}

/**
 * Read the spans of a stored file, concatenated (synchronous: for worker threads, whose only job is
 * this task). A plaintext reference to a file that has since become an envelope, or an envelope
 * whose id changed, throws STORED_FILE_CHANGED, so the caller locates it again. With `transient`
 * (only inside withTransientReads(use) when it passed true), the bytes live in this thread's scratch
 * memory, valid until that `use` returns: for a task that drops them before it resolves.
 */
export function readStoredBytes(ref: StoredBytesRef, options: { transient?: boolean } = {}): Uint8Array {
  const output = (length: number) =>
    options.transient === true ? scratchBytes('plain', length) : uninitializedBytes(length);
  if (ref.spans.length === 0) return new Uint8Array(0);
  const start = Math.min(...ref.spans.map((span) => span.offset));
  const end = Math.max(...ref.spans.map((span) => span.offset + span.length));
  if (
    !ref.spans.every(
      (span) =>
        Number.isSafeInteger(span.offset) && Number.isSafeInteger(span.length) && span.offset >= 0 && span.length >= 0,
    )
  ) {
    throw Errors.invalidElement('invalid stored span');
  }
  let fd: number;
  try {
    fd = openSync(ref.path, 'r');
  } catch (error) {
    throw Errors.storedFileMissing(error);
  }
  try {
    let covering: Uint8Array;
    if (ref.envelope === undefined) {
      const magic = new Uint8Array(ENVELOPE_MAGIC_BYTES);
      const read = readSync(fd, magic, 0, ENVELOPE_MAGIC_BYTES, 0);
      if (read === ENVELOPE_MAGIC_BYTES && isEnvelope(magic)) throw Errors.storedFileChanged();
      covering = ref.spans.length === 1 ? output(end - start) : scratchBytes('sealed', end - start);
      readExactly(fd, covering, start);
    } else
      covering = openRange(
        fd,
        ref.envelope,
        start,
        end,
        ref.spans.length === 1 ? output : (length) => scratchBytes('plain', length),
      );
    const only = ref.spans.length === 1 ? ref.spans[0] : undefined;
    if (only !== undefined) return covering;
    const joined = uninitializedBytes(ref.spans.reduce((sum, span) => sum + span.length, 0));
    // (Fragments are joined into memory of their own: `covering` may be scratch.)
    let at = 0;
    for (const span of ref.spans) {
      joined.set(covering.subarray(span.offset - start, span.offset - start + span.length), at);
      at += span.length;
    }
    return joined;
  } finally {
    closeSync(fd);
  }
}
