/**
 * Strict text encodings for bytes. Node's `Buffer.from(text, 'base64url')` silently skips characters
 * outside the alphabet and ignores unused trailing bits, so two different strings can decode to the
 * same bytes; the decoders here accept only the one canonical spelling of each byte string.
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64_UNPADDED = /^[A-Za-z0-9+/]*$/;

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Decodes unpadded base64url; undefined unless `text` is the canonical encoding of its bytes. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? new Uint8Array(bytes) : undefined;
}

/** Standard-alphabet base64 without padding, as the PHC string format uses it. */
export function toBase64Unpadded(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '');
}

/** Decodes unpadded standard base64; undefined unless `text` is the canonical encoding of its bytes. */
export function fromBase64Unpadded(text: string): Uint8Array | undefined {
  if (!BASE64_UNPADDED.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return toBase64Unpadded(bytes) === text ? new Uint8Array(bytes) : undefined;
}

/** Decodes padded standard base64 (what `signDocument` emits); undefined unless canonical. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

const encoder = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** True when `text` holds a lone (unpaired) UTF-16 surrogate, which UTF-8 cannot represent. */
export function hasLoneSurrogate(text: string): boolean {
  return /\p{Cs}/u.test(text);
}
