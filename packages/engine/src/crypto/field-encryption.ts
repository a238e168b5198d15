import { randomBytes } from 'node:crypto';
import { Errors } from '../errors/engine-error.js';
import { aesGcmDecrypt, aesGcmEncrypt, GCM_IV_BYTES, GCM_TAG_BYTES } from './aes-gcm.js';
import { fromBase64Url, hasLoneSurrogate, toBase64Url, utf8Bytes } from './byte-encoding.js';
import { invalidInput } from './invalid-input.js';
import { type KeyRing, keyFor, parseKeyRing } from './key-ring.js';

export type { KeyRing } from './key-ring.js';

/**
 * Field encryption token, version 1:
 *
 *   v1.<keyId>.<base64url(iv[12] ‖ ciphertext ‖ tag[16])>
 *
 * AES-256-GCM under the ring key `keyId`, with a fresh random 96-bit IV per call. The GCM
 * additional authenticated data is the UTF-8 of the token header `v1.<keyId>.` followed by the
 * caller's AAD (e.g. `patients.name:<recordId>`), so the version, the key id and the binding to a
 * column/record are all authenticated: a token copied to another record, or edited in any byte,
 * fails to decrypt. An omitted AAD is the empty string. Key ids cannot contain `.`, so the header
 * is unambiguous. With random IVs, keep each key below 2^32 encryptions (SP 800-38D §8.3), then rotate.
 */
const VERSION = 'v1';
const TOKEN = /^v1\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]+)$/;
/** Refuse absurd inputs before decoding them (the token is usually read from a database column). */
const MAX_TOKEN_CHARS = 16 * 1024 * 1024;

interface ParsedToken {
  keyId: string;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

function parseToken(token: unknown): ParsedToken {
  if (typeof token !== 'string') throw Errors.invalidCiphertext('the token is not a string');
  if (token.length > MAX_TOKEN_CHARS) throw Errors.invalidCiphertext('the token is too long');
  const match = TOKEN.exec(token);
  if (!match) throw Errors.invalidCiphertext(`not a ${VERSION} field token`);
  const [, keyId = '', body = ''] = match;
  const bytes = fromBase64Url(body);
  if (!bytes) throw Errors.invalidCiphertext('the payload is not canonical base64url');
  if (bytes.byteLength < GCM_IV_BYTES + GCM_TAG_BYTES) throw Errors.invalidCiphertext('the payload is too short');
  return {
    keyId,
    iv: bytes.subarray(0, GCM_IV_BYTES),
    ciphertext: bytes.subarray(GCM_IV_BYTES, bytes.byteLength - GCM_TAG_BYTES),
    tag: bytes.subarray(bytes.byteLength - GCM_TAG_BYTES),
  };
}

function associatedData(keyId: string, aad: string | undefined): Uint8Array {
  if (aad !== undefined && (typeof aad !== 'string' || hasLoneSurrogate(aad))) {
    throw invalidInput('the associated data must be a well-formed string');
  }
  return utf8Bytes(`${VERSION}.${keyId}.${aad ?? ''}`);
}

function plaintextBytes(plaintext: string | Uint8Array): Uint8Array {
  if (plaintext instanceof Uint8Array) return plaintext;
  if (typeof plaintext !== 'string' || hasLoneSurrogate(plaintext)) {
    throw invalidInput('the plaintext must be a Uint8Array or a well-formed string');
  }
  return utf8Bytes(plaintext);
}

function seal(plaintext: Uint8Array, keyId: string, key: Uint8Array, aad: string | undefined): string {
  const iv = new Uint8Array(randomBytes(GCM_IV_BYTES));
  const { ciphertext, tag } = aesGcmEncrypt(key, iv, plaintext, associatedData(keyId, aad));
  const payload = new Uint8Array(iv.byteLength + ciphertext.byteLength + tag.byteLength);
  payload.set(iv, 0);
  payload.set(ciphertext, iv.byteLength);
  payload.set(tag, iv.byteLength + ciphertext.byteLength);
  return `${VERSION}.${keyId}.${toBase64Url(payload)}`;
}

/** Encrypts a field with the ring's active key; `aad` binds the token to its context (column, record). */
export function encryptField(plaintext: string | Uint8Array, ring: KeyRing, aad?: string): string {
  const valid = parseKeyRing(ring);
  const bytes = plaintextBytes(plaintext);
  return seal(bytes, valid.activeKeyId, keyFor(valid, valid.activeKeyId), aad);
}

/** Decrypts a token made by `encryptField` with the same AAD, whichever ring key made it. */
export function decryptField(token: string, ring: KeyRing, aad?: string): Uint8Array {
  const valid = parseKeyRing(ring);
  const parsed = parseToken(token);
  const key = keyFor(valid, parsed.keyId);
  return aesGcmDecrypt(key, parsed.iv, parsed.ciphertext, parsed.tag, associatedData(parsed.keyId, aad));
}

/** `decryptField` for text fields: the plaintext must be valid UTF-8. */
export function decryptFieldText(token: string, ring: KeyRing, aad?: string): string {
  const bytes = decryptField(token, ring, aad);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw Errors.invalidCiphertext('the plaintext is not UTF-8 text');
  }
}

/** The id of the key a token was made with (not authenticated until the token decrypts). */
export function keyIdOf(token: string): string {
  return parseToken(token).keyId;
}

/** True when the token was made with a key other than the ring's active key. */
export function needsRotation(token: string, ring: KeyRing): boolean {
  return keyIdOf(token) !== parseKeyRing(ring).activeKeyId;
}

/**
 * Re-encrypts a token under the ring's active key (same AAD), after authenticating it. A token that
 * is already under the active key is returned unchanged, so rotation jobs are idempotent.
 */
export function rotateField(token: string, ring: KeyRing, aad?: string): string {
  const valid = parseKeyRing(ring);
  const plaintext = decryptField(token, valid, aad);
  if (keyIdOf(token) === valid.activeKeyId) return token;
  return seal(plaintext, valid.activeKeyId, keyFor(valid, valid.activeKeyId), aad);
}
