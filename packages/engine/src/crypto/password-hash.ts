import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { Errors } from '../errors/engine-error.js';
import { fromBase64Unpadded, hasLoneSurrogate, toBase64Unpadded } from './byte-encoding.js';
import { invalidInput } from './invalid-input.js';

/**
 * scrypt password hashing in a PHC string: `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (salt and hash in
 * unpadded standard base64; ln = log2 N). Defaults follow OWASP: N = 2^17, r = 8, p = 1 (128 MiB),
 * 16-byte salt, 64-byte key. Passwords are NFKC-normalized first, so the same password typed with
 * composed or decomposed characters verifies. Verification takes the parameters from the stored
 * string (older, weaker hashes still verify; `needsRehash` says when to upgrade them) but refuses
 * parameters beyond SCRYPT_LIMITS, so a crafted stored hash cannot make a worker burn memory or CPU.
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
  saltBytes: number;
  keyBytes: number;
}

export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { ln: 17, r: 8, p: 1, saltBytes: 16, keyBytes: 64 };

/** Bounds for both hashing and verifying. Memory is 128·N·r bytes; work is proportional to N·r·p. */
export const SCRYPT_LIMITS = {
  ln: { min: 1, max: 20 },
  r: { min: 1, max: 32 },
  p: { min: 1, max: 16 },
  saltBytes: { min: 8, max: 64 },
  keyBytes: { min: 16, max: 128 },
  maxMemoryBytes: 256 * 1024 * 1024,
  maxWork: 2 ** 24,
  maxPasswordChars: 4096,
} as const;

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

interface ParsedHash {
  params: ScryptParams;
  salt: Uint8Array;
  hash: Uint8Array;
}

/** The reason `params` are out of bounds, or undefined when they are acceptable. */
function paramsProblem(params: ScryptParams): string | undefined {
  for (const name of ['ln', 'r', 'p', 'saltBytes', 'keyBytes'] as const) {
    const value = params[name];
    const { min, max } = SCRYPT_LIMITS[name];
    if (!Number.isInteger(value) || value < min || value > max) return `${name} must be an integer in ${min}–${max}`;
  }
  const n = 2 ** params.ln;
  if (128 * n * params.r > SCRYPT_LIMITS.maxMemoryBytes) return 'N·r needs too much memory';
  if (n * params.r * params.p > SCRYPT_LIMITS.maxWork) return 'N·r·p is too much work';
  return undefined;
}

function parseEncoded(encoded: string): ParsedHash {
  if (typeof encoded !== 'string') throw Errors.invalidKey('the password hash is not a string');
  const match = PHC.exec(encoded);
  if (!match) throw Errors.invalidKey('not a $scrypt$ PHC password hash');
  const [, ln = '', r = '', p = '', saltText = '', hashText = ''] = match;
  const salt = fromBase64Unpadded(saltText);
  const hash = fromBase64Unpadded(hashText);
  if (!salt || !hash) throw Errors.invalidKey('the password hash has a malformed salt or hash');
  const params = { ln: Number(ln), r: Number(r), p: Number(p), saltBytes: salt.byteLength, keyBytes: hash.byteLength };
  const problem = paramsProblem(params);
  if (problem) throw Errors.invalidKey(`the password hash parameters are out of bounds: ${problem}`);
  return { params, salt, hash };
}

function normalizedPassword(password: string): string {
  if (typeof password !== 'string' || hasLoneSurrogate(password)) {
    throw invalidInput('the password must be a well-formed string');
  }
  if (password.length > SCRYPT_LIMITS.maxPasswordChars) throw invalidInput('the password is too long');
  return password.normalize('NFKC');
}

function runScrypt(
  password: Uint8Array | string,
  salt: Uint8Array | string,
  params: Pick<ScryptParams, 'ln' | 'r' | 'p' | 'keyBytes'>,
): Promise<Uint8Array> {
  const n = 2 ** params.ln;
  // OpenSSL needs 128·r·(N + p + 2) bytes (V plus B); leave headroom for its bookkeeping.
  const maxmem = 128 * params.r * (n + params.p + 2) + 1024 * 1024;
  return new Promise((resolve, reject) => {
    try {
      scrypt(password, salt, params.keyBytes, { N: n, r: params.r, p: params.p, maxmem }, (error, key) => {
        if (error) reject(Errors.invalidKey(`scrypt refused the parameters: ${error.message}`));
        else resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength));
      });
    } catch (error) {
      reject(invalidInput('scrypt refused its arguments', error));
    }
  });
}

/** Hashes a password with a fresh random salt; `params` override the OWASP defaults. */
export async function hashPassword(password: string, params: Partial<ScryptParams> = {}): Promise<string> {
  const full: ScryptParams = { ...DEFAULT_SCRYPT_PARAMS, ...params };
  const problem = paramsProblem(full);
  if (problem) throw invalidInput(`scrypt parameters: ${problem}`);
  const normalized = normalizedPassword(password);
  const salt = new Uint8Array(randomBytes(full.saltBytes));
  const key = await runScrypt(normalized, salt, full);
  return `$scrypt$ln=${full.ln},r=${full.r},p=${full.p}$${toBase64Unpadded(salt)}$${toBase64Unpadded(key)}`;
}

/** True when `password` matches the stored hash (constant-time comparison of the derived keys). */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const stored = parseEncoded(encoded);
  const normalized = normalizedPassword(password);
  const key = await runScrypt(normalized, stored.salt, stored.params);
  return timingSafeEqual(key, stored.hash);
}

/** True when the stored hash was made with parameters other than `params` (defaults: OWASP). */
export function needsRehash(encoded: string, params: Partial<ScryptParams> = {}): boolean {
  const target: ScryptParams = { ...DEFAULT_SCRYPT_PARAMS, ...params };
  const { params: stored } = parseEncoded(encoded);
  return (
    stored.ln !== target.ln ||
    stored.r !== target.r ||
    stored.p !== target.p ||
    stored.saltBytes < target.saltBytes ||
    stored.keyBytes < target.keyBytes
  );
}

/** The raw scrypt KDF (RFC 7914) with explicit N = 2^ln, r and p, e.g. for known-answer tests. */
export function scryptKdf(
  password: Uint8Array | string,
  salt: Uint8Array | string,
  params: Pick<ScryptParams, 'ln' | 'r' | 'p' | 'keyBytes'>,
): Promise<Uint8Array> {
  const full: ScryptParams = { ...params, saltBytes: SCRYPT_LIMITS.saltBytes.min };
  const problem = paramsProblem(full);
  if (problem) return Promise.reject(invalidInput(`scrypt parameters: ${problem}`));
  return runScrypt(password, salt, params);
}
