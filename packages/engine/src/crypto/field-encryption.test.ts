import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import {
  decryptField,
  decryptFieldText,
  encryptField,
  type KeyRing,
  keyIdOf,
  needsRotation,
  rotateField,
} from './field-encryption.js';

const key2023 = new Uint8Array(randomBytes(32));
const key2024 = new Uint8Array(randomBytes(32));
const oldRing: KeyRing = { activeKeyId: 'k2023', keys: { k2023: key2023 } };
const rotatedRing: KeyRing = { activeKeyId: 'k2024', keys: { k2023: key2023, k2024: key2024 } };
const retiredRing: KeyRing = { activeKeyId: 'k2024', keys: { k2024: key2024 } };

/** Replaces the character at `index` with another character of the token alphabet. */
function flipCharacter(token: string, index: number): string {
  const current = token[index];
  const replacement = current === 'A' ? 'B' : current === '.' ? '_' : 'A';
  return token.slice(0, index) + replacement + token.slice(index + 1);
}

describe('encryptField / decryptField', () => {
  it('round-trips text and bytes, binding the AAD', () => {
    const token = encryptField('Doe^Jane', oldRing, 'patients.name:42');
    expect(token).toMatch(/^v1\.k2023\.[A-Za-z0-9_-]+$/);
    expect(decryptFieldText(token, oldRing, 'patients.name:42')).toBe('Doe^Jane');
    const bytes = new Uint8Array([0, 1, 2, 255]);
    expect(decryptField(encryptField(bytes, oldRing), oldRing)).toEqual(bytes);
    expect(decryptFieldText(encryptField('', oldRing), oldRing)).toBe('');
  });

  it('uses a fresh IV for every encryption', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => encryptField('same', oldRing)));
    expect(tokens.size).toBe(50);
  });

  it('fails to decrypt under another AAD (a token moved to another record)', () => {
    const token = encryptField('Doe^Jane', oldRing, 'patients.name:42');
    expect(errorCodeOfSync(() => decryptField(token, oldRing, 'patients.name:43'))).toBe('DECRYPTION_FAILED');
    expect(errorCodeOfSync(() => decryptField(token, oldRing))).toBe('DECRYPTION_FAILED');
  });

  it('fails on every single-character change of the token', () => {
    const token = encryptField('Doe^Jane', oldRing, 'col');
    for (let index = 0; index < token.length; index++) {
      const tampered = flipCharacter(token, index);
      const code = errorCodeOfSync(() => decryptField(tampered, oldRing, 'col'));
      expect(['DECRYPTION_FAILED', 'INVALID_CIPHERTEXT', 'UNKNOWN_KEY'], `index ${index}`).toContain(code);
    }
  });

  it('fails with DECRYPTION_FAILED on every flipped bit of the payload bytes', () => {
    const token = encryptField('Doe^Jane', oldRing);
    const [version, keyId, body = ''] = token.split('.');
    const payload = Buffer.from(body, 'base64url');
    for (let index = 0; index < payload.length; index++) {
      const tampered = Buffer.from(payload);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      const code = errorCodeOfSync(() =>
        decryptField(`${version}.${keyId}.${tampered.toString('base64url')}`, oldRing),
      );
      expect(code, `byte ${index}`).toBe('DECRYPTION_FAILED');
    }
  });

  it('authenticates the key id: relabelling a token with another ring key fails', () => {
    const sameKeyRing: KeyRing = { activeKeyId: 'a', keys: { a: key2023, b: key2023 } };
    const token = encryptField('x', sameKeyRing);
    const relabelled = token.replace(/^v1\.a\./, 'v1.b.');
    expect(errorCodeOfSync(() => decryptField(relabelled, sameKeyRing))).toBe('DECRYPTION_FAILED');
  });

  it('rejects malformed tokens as INVALID_CIPHERTEXT', () => {
    for (const bad of [
      '',
      'v1',
      'v1.k2023',
      'v1.k2023.',
      'v2.k2023.AAAA',
      'v1.k2023.AAAA',
      'v1.k2023.!!!!',
      'v1..AAAA',
    ]) {
      expect(
        errorCodeOfSync(() => decryptField(bad, oldRing)),
        bad,
      ).toBe('INVALID_CIPHERTEXT');
    }
    expect(errorCodeOfSync(() => decryptField(42 as unknown as string, oldRing))).toBe('INVALID_CIPHERTEXT');
  });

  it('rejects malformed key rings as INVALID_KEY without echoing key material', () => {
    const bad: unknown[] = [
      { activeKeyId: 'a', keys: { a: new Uint8Array(16) } },
      { activeKeyId: 'missing', keys: { a: key2023 } },
      { activeKeyId: 'bad.id', keys: { 'bad.id': key2023 } },
      { activeKeyId: 'a', keys: { a: Array.from(key2023) } },
      null,
    ];
    for (const ring of bad) {
      expect(errorCodeOfSync(() => encryptField('x', ring as KeyRing))).toBe('INVALID_KEY');
    }
  });

  it('rejects text with a lone surrogate, which UTF-8 cannot carry', () => {
    expect(errorCodeOfSync(() => encryptField('\ud800', oldRing))).toBe('VALIDATION_FAILED');
  });

  it('reports invalid UTF-8 plaintext from decryptFieldText as a typed error', () => {
    const token = encryptField(new Uint8Array([0xff, 0xfe]), oldRing);
    expect(errorCodeOfSync(() => decryptFieldText(token, oldRing))).toBe('INVALID_CIPHERTEXT');
  });
});

describe('key rotation', () => {
  it('keeps decrypting old tokens after a new key becomes active', () => {
    const token = encryptField('Doe^Jane', oldRing, 'col');
    expect(keyIdOf(token)).toBe('k2023');
    expect(needsRotation(token, oldRing)).toBe(false);
    expect(needsRotation(token, rotatedRing)).toBe(true);
    expect(decryptFieldText(token, rotatedRing, 'col')).toBe('Doe^Jane');
  });

  it('rotateField moves a token to the active key and keeps its plaintext and AAD binding', () => {
    const token = encryptField('Doe^Jane', oldRing, 'col');
    const rotated = rotateField(token, rotatedRing, 'col');
    expect(keyIdOf(rotated)).toBe('k2024');
    expect(needsRotation(rotated, rotatedRing)).toBe(false);
    expect(decryptFieldText(rotated, retiredRing, 'col')).toBe('Doe^Jane');
    expect(errorCodeOfSync(() => decryptField(rotated, retiredRing, 'other'))).toBe('DECRYPTION_FAILED');
    expect(rotateField(rotated, rotatedRing, 'col')).toBe(rotated);
  });

  it('rotateField refuses a tampered token instead of re-encrypting it', () => {
    const token = encryptField('Doe^Jane', oldRing, 'col');
    expect(errorCodeOfSync(() => rotateField(token, rotatedRing, 'other'))).toBe('DECRYPTION_FAILED');
  });

  it('fails with UNKNOWN_KEY once the old key is removed from the ring', () => {
    const token = encryptField('Doe^Jane', oldRing);
    expect(errorCodeOfSync(() => decryptField(token, retiredRing))).toBe('UNKNOWN_KEY');
    expect(errorCodeOfSync(() => rotateField(token, retiredRing))).toBe('UNKNOWN_KEY');
  });

  it('does not resolve key ids through the object prototype', () => {
    const token = encryptField('x', oldRing).replace('k2023', 'constructor');
    expect(errorCodeOfSync(() => decryptField(token, oldRing))).toBe('UNKNOWN_KEY');
  });
});
