import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { Errors } from '../errors/engine-error.js';

/**
 * PEM → KeyObject for RSA signing. KeyObjects never cross the public API (workers exchange PEM
 * strings); parsed keys are kept in a small cache because parsing a private key costs about as much
 * as a signature.
 */
export const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 16384;
const MAX_PEM_CHARS = 64 * 1024;
const CACHE_SIZE = 16;

const cache = new Map<string, KeyObject>();

function cached(pem: string, kind: 'private' | 'public', parse: () => KeyObject): KeyObject {
  const cacheKey = `${kind}\u0000${pem}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const key = parse();
  if (cache.size >= CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(cacheKey, key);
  return key;
}

function checkPem(pem: unknown, what: string): string {
  if (typeof pem !== 'string' || !pem.includes('-----BEGIN ')) throw Errors.invalidKey(`${what} is not a PEM string`);
  if (pem.length > MAX_PEM_CHARS) throw Errors.invalidKey(`${what} PEM is too large`);
  return pem;
}

function checkRsa(key: KeyObject, what: string): KeyObject {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa') throw Errors.invalidKey(`${what} is not an RSA key`);
  if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
    throw Errors.invalidKey(`${what} has ${bits} bits; ${MIN_RSA_BITS}–${MAX_RSA_BITS} are accepted`);
  }
  return key;
}

/** An unencrypted RSA private key (PKCS#8 or PKCS#1 PEM) of at least 2048 bits. */
export function rsaPrivateKey(pem: string): KeyObject {
  const text = checkPem(pem, 'the private key');
  return cached(text, 'private', () => {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: text, format: 'pem' });
    } catch {
      throw Errors.invalidKey('the private key PEM could not be read (encrypted keys are not accepted)');
    }
    return checkRsa(key, 'the private key');
  });
}

/** The RSA public key in a public-key PEM (SPKI or PKCS#1) or in an X.509 certificate PEM. */
export function rsaPublicKey(pem: string): KeyObject {
  const text = checkPem(pem, 'the public key or certificate');
  return cached(text, 'public', () => {
    if (text.includes('PRIVATE KEY-----'))
      throw Errors.invalidKey('expected a public key or certificate, not a private key');
    let key: KeyObject;
    try {
      key = createPublicKey({ key: text, format: 'pem' });
    } catch {
      throw Errors.invalidKey('the public key or certificate PEM could not be read');
    }
    return checkRsa(key, 'the public key');
  });
}
