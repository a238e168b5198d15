import { createCipheriv, createDecipheriv } from 'node:crypto';
import { Errors } from '../errors/engine-error.js';
import { invalidInput } from './invalid-input.js';

/** AES-256-GCM with the 96-bit IV form (SP 800-38D §8.2) and a full 128-bit tag. */
export const AES_KEY_BYTES = 32;
export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

export interface AesGcmSealed {
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

function checkBytes(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!(value instanceof Uint8Array)) throw invalidInput(`${name} must be a Uint8Array`);
  }
}

function checkKeyAndIv(key: Uint8Array, iv: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.byteLength !== AES_KEY_BYTES) {
    throw Errors.invalidKey(`AES-256 needs a ${AES_KEY_BYTES}-byte key`);
  }
  if (!(iv instanceof Uint8Array) || iv.byteLength !== GCM_IV_BYTES) {
    throw Errors.invalidCiphertext(`the GCM IV must be ${GCM_IV_BYTES} bytes`);
  }
}

/**
 * Raw AES-256-GCM encryption. The caller owns IV uniqueness: never reuse an IV with the same key.
 * Field encryption (`encryptField`) draws a fresh random IV for every call.
 */
export function aesGcmEncrypt(
  key: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array = new Uint8Array(0),
): AesGcmSealed {
  checkKeyAndIv(key, iv);
  checkBytes({ plaintext, aad });
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext: new Uint8Array(ciphertext), tag: new Uint8Array(cipher.getAuthTag()) };
}

/** Raw AES-256-GCM decryption; a wrong key, IV, AAD, ciphertext or tag throws DECRYPTION_FAILED. */
export function aesGcmDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad: Uint8Array = new Uint8Array(0),
): Uint8Array {
  checkKeyAndIv(key, iv);
  checkBytes({ ciphertext, aad });
  if (!(tag instanceof Uint8Array) || tag.byteLength !== GCM_TAG_BYTES) {
    throw Errors.invalidCiphertext(`the GCM tag must be ${GCM_TAG_BYTES} bytes`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const head = decipher.update(ciphertext);
  try {
    return new Uint8Array(Buffer.concat([head, decipher.final()]));
  } catch {
    throw Errors.decryptionFailed();
  }
}
