import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from '../crypto/key-ring.js';
import { EngineError, Errors } from '../errors/engine-error.js';

/**
 * Encrypted file format (envelope encryption), version 1, written and read by the API's blob store
 * (node:crypto, in the thread that does the I/O) and read by engine workers, which decrypt a
 * frame's chunks themselves (read-stored-bytes.ts) so frame bytes never cross threads.
 *
 *   header, 160 bytes:
 *     0   8  magic "LUCENC" 0x00 0x01
 *     8   1  master key id length n (1–32)
 *     9  32  master key id (ASCII, zero padded)
 *    41  16  file id (random)
 *    57   4  chunk size (u32 BE)
 *    61   8  plaintext length (u64 BE)
 *    69  12  IV of the wrapped data key
 *    81  32  data key, AES-256-GCM under the master key (AAD: "lucent-file-key/v1", storage key, file id, key id)
 *   113  16  its GCM tag
 *   129  31  zero
 *   body: chunk i = AES-256-GCM(plaintext[i·size, (i+1)·size)) ‖ tag[16], for i in 0..count-1
 *
 * A random 256-bit data key per file; chunk i's 96-bit nonce is i (the key is never reused across
 * files) and its AAD binds the file id, chunk size, plaintext length, i and a final-chunk flag, so
 * chunks cannot be reordered, moved between files, dropped or appended, and an edited length fails
 * every chunk. Rotation re-wraps only the data key in the header (`rewrapHeader`). A file without
 * the magic is a plaintext file written before encryption (or with ENCRYPT_FILES=false).
 */
export const HEADER_BYTES = 160;
export const DEFAULT_CHUNK_BYTES = 64 * 1024;
const TAG = 16;
const MAGIC = Buffer.from([0x4c, 0x55, 0x43, 0x45, 0x4e, 0x43, 0x00, 0x01]);
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface EnvelopeHeader {
  keyId: string;
  fileId: Buffer;
  chunkBytes: number;
  plaintextLength: number;
  wrapIv: Buffer;
  wrappedKey: Buffer;
  wrapTag: Buffer;
}

/** What reading chunks needs of a header (the file id, chunk size and plaintext length bind every chunk). */
export type EnvelopeLayout = Pick<EnvelopeHeader, 'chunkBytes' | 'plaintextLength'> & { fileId: Uint8Array };

const integrity = (what: string) =>
  new EngineError('DECRYPTION_FAILED', `A stored file failed its integrity check (${what})`, { what });

export const isEnvelope = (head: Uint8Array): boolean =>
  head.byteLength >= MAGIC.byteLength && Buffer.from(head.buffer, head.byteOffset, MAGIC.byteLength).equals(MAGIC);

export const chunkCount = (header: EnvelopeLayout): number =>
  Math.max(1, Math.ceil(header.plaintextLength / header.chunkBytes));

/** Where chunk `index` (ciphertext and tag) lies in the file. */
export function chunkSpan(header: EnvelopeLayout, index: number): { offset: number; length: number } {
  const plain = Math.min(header.chunkBytes, header.plaintextLength - index * header.chunkBytes);
  return { offset: HEADER_BYTES + index * (header.chunkBytes + TAG), length: Math.max(0, plain) + TAG };
}

export const encryptedLength = (header: EnvelopeLayout): number =>
  HEADER_BYTES + header.plaintextLength + chunkCount(header) * TAG;

function wrapAad(storageKey: string, fileId: Buffer, keyId: string): Buffer {
  return Buffer.concat([Buffer.from(`lucent-file-key/v1\u0000${storageKey}\u0000`), fileId, Buffer.from(keyId)]);
}

function chunkNonce(index: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

function chunkAad(header: EnvelopeLayout, index: number): Buffer {
  const aad = Buffer.alloc(16 + 4 + 8 + 8 + 1);
  aad.set(header.fileId, 0);
  aad.writeUInt32BE(header.chunkBytes, 16);
  aad.writeBigUInt64BE(BigInt(header.plaintextLength), 20);
  aad.writeBigUInt64BE(BigInt(index), 28);
  aad.writeUInt8(index === chunkCount(header) - 1 ? 1 : 0, 36);
  return aad;
}

function masterKey(ring: KeyRing, keyId: string): Uint8Array {
  const key = Object.hasOwn(ring.keys, keyId) ? ring.keys[keyId] : undefined;
  if (key === undefined) throw Errors.unknownKey(keyId);
  return key;
}

function wrap(dataKey: Buffer, storageKey: string, fileId: Buffer, ring: KeyRing) {
  const keyId = ring.activeKeyId;
  const wrapIv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey(ring, keyId), wrapIv);
  cipher.setAAD(wrapAad(storageKey, fileId, keyId));
  const wrappedKey = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return { keyId, wrapIv, wrappedKey, wrapTag: cipher.getAuthTag() };
}

export function encodeHeader(header: EnvelopeHeader): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt8(header.keyId.length, 8);
  bytes.write(header.keyId, 9, 'ascii');
  header.fileId.copy(bytes, 41);
  bytes.writeUInt32BE(header.chunkBytes, 57);
  bytes.writeBigUInt64BE(BigInt(header.plaintextLength), 61);
  header.wrapIv.copy(bytes, 69);
  header.wrappedKey.copy(bytes, 81);
  header.wrapTag.copy(bytes, 113);
  return bytes;
}

/** The header of an encrypted file (its first HEADER_BYTES), or DECRYPTION_FAILED when malformed. */
export function decodeHeader(head: Uint8Array): EnvelopeHeader {
  if (head.byteLength < HEADER_BYTES || !isEnvelope(head)) throw integrity('header');
  const bytes = Buffer.from(head.buffer, head.byteOffset, HEADER_BYTES);
  const idLength = bytes.readUInt8(8);
  const keyId = bytes.toString('ascii', 9, 9 + idLength);
  const chunkBytes = bytes.readUInt32BE(57);
  const plaintextLength = Number(bytes.readBigUInt64BE(61));
  if (!KEY_ID.test(keyId) || chunkBytes < 1024 || chunkBytes > 64 * 1024 * 1024) throw integrity('header');
  if (!Number.isSafeInteger(plaintextLength)) throw integrity('header');
  return {
    keyId,
    fileId: Buffer.from(bytes.subarray(41, 57)),
    chunkBytes,
    plaintextLength,
    wrapIv: Buffer.from(bytes.subarray(69, 81)),
    wrappedKey: Buffer.from(bytes.subarray(81, 113)),
    wrapTag: Buffer.from(bytes.subarray(113, 129)),
  };
}

/** The file's data key; DECRYPTION_FAILED when the header was edited or the file moved to another key. */
export function unwrapDataKey(header: EnvelopeHeader, storageKey: string, ring: KeyRing): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', masterKey(ring, header.keyId), header.wrapIv);
  decipher.setAAD(wrapAad(storageKey, header.fileId, header.keyId));
  decipher.setAuthTag(header.wrapTag);
  try {
    return Buffer.concat([decipher.update(header.wrappedKey), decipher.final()]);
  } catch {
    throw integrity('data key');
  }
}

/** The header with its data key wrapped under the ring's active key (the body is unchanged). */
export function rewrapHeader(header: EnvelopeHeader, storageKey: string, ring: KeyRing): EnvelopeHeader {
  const dataKey = unwrapDataKey(header, storageKey, ring);
  return { ...header, ...wrap(dataKey, storageKey, header.fileId, ring) };
}

/** Encrypt a whole file: the header and then each chunk (ciphertext ‖ tag), to write in order. */
export function* sealFile(
  plaintext: Uint8Array,
  storageKey: string,
  ring: KeyRing,
  chunkBytes = DEFAULT_CHUNK_BYTES,
): Generator<Buffer> {
  const dataKey = randomBytes(32);
  const fileId = randomBytes(16);
  const header: EnvelopeHeader = {
    fileId,
    chunkBytes,
    plaintextLength: plaintext.byteLength,
    ...wrap(dataKey, storageKey, fileId, ring),
  };
  yield encodeHeader(header);
  for (let index = 0; index < chunkCount(header); index++) {
    const cipher = createCipheriv('aes-256-gcm', dataKey, chunkNonce(index));
    cipher.setAAD(chunkAad(header, index));
    const start = index * chunkBytes;
    const part = plaintext.subarray(start, Math.min(plaintext.byteLength, start + chunkBytes));
    yield Buffer.concat([cipher.update(part), cipher.final(), cipher.getAuthTag()]);
  }
}

/** Decrypt chunk `index` (its ciphertext and tag as read from the file). */
export function openChunk(header: EnvelopeLayout, dataKey: Uint8Array, index: number, sealed: Uint8Array): Buffer {
  if (sealed.byteLength !== chunkSpan(header, index).length) throw integrity(`chunk ${index} truncated`);
  const decipher = createDecipheriv('aes-256-gcm', dataKey, chunkNonce(index));
  decipher.setAAD(chunkAad(header, index));
  decipher.setAuthTag(sealed.subarray(sealed.byteLength - TAG));
  const plain = decipher.update(sealed.subarray(0, sealed.byteLength - TAG));
  try {
    // GCM is a stream mode: final() only checks the tag and adds no bytes (no copy of the chunk).
    const rest = decipher.final();
    return rest.byteLength === 0 ? plain : Buffer.concat([plain, rest]);
  } catch {
    throw integrity(`chunk ${index}`);
  }
}
