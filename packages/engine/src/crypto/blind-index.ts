import { createHmac } from 'node:crypto';
import { Errors } from '../errors/engine-error.js';
import { toBase64Url } from './byte-encoding.js';
import { type IndexKind, normalizeForIndex } from './index-normalization.js';
import { invalidInput } from './invalid-input.js';

export { type IndexKind, normalizeForIndex } from './index-normalization.js';

/**
 * Blind indexes: deterministic HMAC-SHA256 tokens of normalized values, stored beside encrypted
 * fields so equality (and prefix) search works without decrypting.
 *
 *   token = base64url(HMAC-SHA256(key, "lucent-blind-index/v1" 0x00 mode 0x00 context 0x00 kind 0x00 normalized))
 *
 * with mode `value` (blindIndex) or `prefix` (prefix tokens), so a prefix token never equals a
 * full-value token and tokens of different contexts (`patient-id`, `patient-name`) never match.
 *
 * What they leak, to anyone who can read the index column (a database reader without the key):
 * - equality: rows with equal normalized values have equal tokens, so value frequencies show (the
 *   most common surname, how many studies one patient has) and rows can be linked across tables
 *   that share key and context;
 * - with prefix tokens, the same for every prefix: how many names start with `s`, `sm`, `smi`… and
 *   the length of each value up to maxLength; common prefixes are easy to guess from frequencies;
 * - low-entropy values (sex, birth year) are recoverable by frequency analysis or, for anyone who
 *   holds the key, by trying every candidate: index only values with enough entropy.
 * They do not leak the values themselves to someone without the key. Use a key separate from the
 * encryption keys (at least 32 random bytes); rotating it means recomputing every token.
 */
export const MIN_INDEX_KEY_BYTES = 32;
/** Prefix tokens cost one row each; cap how many one value may produce. */
export const MAX_PREFIX_LENGTH = 64;

export interface BlindIndexOptions {
  kind: IndexKind;
  /** Domain separation, e.g. `patient-id`: 1–64 characters of [A-Za-z0-9._:-]. */
  context: string;
}

export interface PrefixIndexOptions {
  /** Shortest prefix indexed (code points of the normalized value); at least 1. */
  minLength: number;
  /** Longest prefix indexed; at most MAX_PREFIX_LENGTH. */
  maxLength: number;
  context: string;
  /** Normalization; defaults to `exact`. */
  kind?: IndexKind;
}

const CONTEXT = /^[A-Za-z0-9._:-]{1,64}$/;

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.byteLength < MIN_INDEX_KEY_BYTES) {
    throw Errors.invalidKey(`a blind-index key must be a Uint8Array of at least ${MIN_INDEX_KEY_BYTES} bytes`);
  }
}

function checkContext(context: unknown): void {
  if (typeof context !== 'string' || !CONTEXT.test(context)) {
    throw invalidInput('the index context must be 1–64 characters of [A-Za-z0-9._:-]');
  }
}

/** Raw HMAC-SHA256 (RFC 2104 / FIPS 198-1) of `data` under `key` of any length. */
export function hmacSha256(key: Uint8Array, data: Uint8Array | string): Uint8Array {
  if (!(key instanceof Uint8Array)) throw Errors.invalidKey('an HMAC key must be a Uint8Array');
  if (!(data instanceof Uint8Array) && typeof data !== 'string') throw invalidInput('HMAC data must be bytes or text');
  return new Uint8Array(createHmac('sha256', key).update(data).digest());
}

function token(
  key: Uint8Array,
  mode: 'value' | 'prefix',
  context: string,
  kind: IndexKind,
  normalized: string,
): string {
  const message = `lucent-blind-index/v1\u0000${mode}\u0000${context}\u0000${kind}\u0000${normalized}`;
  return toBase64Url(hmacSha256(key, message));
}

/** The equality token of `value` (normalized per `kind`) in `context`. */
export function blindIndex(value: string, key: Uint8Array, options: BlindIndexOptions): string {
  checkKey(key);
  checkContext(options?.context);
  const normalized = normalizeForIndex(value, options.kind);
  return token(key, 'value', options.context, options.kind, normalized);
}

/**
 * The query-side token for a prefix search (`SMI*`): matches the prefix tokens that
 * `prefixIndexes` stored for values starting with the normalized `prefix`. Pass the `maxLength`
 * the values were indexed with: a longer query is cut to it (filter the decrypted rows after).
 */
export function prefixIndex(
  prefix: string,
  key: Uint8Array,
  options: BlindIndexOptions & { maxLength?: number },
): string {
  checkKey(key);
  checkContext(options?.context);
  const { kind, context, maxLength = MAX_PREFIX_LENGTH } = options;
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAX_PREFIX_LENGTH) {
    throw invalidInput(`maxLength must be an integer in 1–${MAX_PREFIX_LENGTH}`);
  }
  const cut = Array.from(normalizeForIndex(prefix, kind)).slice(0, maxLength).join('');
  const normalized = normalizeForIndex(cut, kind);
  if (normalized.length === 0) throw invalidInput('the prefix is empty after normalization');
  return token(key, 'prefix', context, kind, normalized);
}

/**
 * The tokens to store for prefix search: one per prefix of the normalized value whose length (in
 * code points) is within [minLength, maxLength], shortest first. Prefixes a query can never
 * normalize to (ending in a space or an empty name component) are skipped.
 */
export function prefixIndexes(value: string, key: Uint8Array, options: PrefixIndexOptions): string[] {
  checkKey(key);
  checkContext(options?.context);
  const { minLength, maxLength, context, kind = 'exact' } = options;
  if (!Number.isInteger(minLength) || !Number.isInteger(maxLength) || minLength < 1 || maxLength < minLength) {
    throw invalidInput('prefix lengths must be integers with 1 ≤ minLength ≤ maxLength');
  }
  if (maxLength > MAX_PREFIX_LENGTH) throw invalidInput(`maxLength must be at most ${MAX_PREFIX_LENGTH}`);
  const codePoints = Array.from(normalizeForIndex(value, kind));
  const tokens: string[] = [];
  for (let length = minLength; length <= Math.min(maxLength, codePoints.length); length++) {
    const prefix = codePoints.slice(0, length).join('');
    if (normalizeForIndex(prefix, kind) !== prefix) continue;
    tokens.push(token(key, 'prefix', context, kind, prefix));
  }
  return tokens;
}
