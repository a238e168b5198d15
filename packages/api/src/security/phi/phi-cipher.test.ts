import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPhiCipher, PhiColumn } from './phi-cipher.js';

const ring = () => ({ activeKeyId: 'k1', keys: { k1: new Uint8Array(randomBytes(32)) } });

describe('PHI cipher', () => {
  it('decrypts a token read again from memory, still bound to its column', () => {
    const cipher = createPhiCipher({ dataRing: ring() });
    const token = cipher.encrypt('DOE^JANE', PhiColumn.patientName);
    expect(cipher.decrypt(token, PhiColumn.patientName)).toBe('DOE^JANE');
    expect(cipher.decrypt(token, PhiColumn.patientName)).toBe('DOE^JANE');
    // Remembered under its own column only: the same token elsewhere still fails its GCM check.
    expect(() => cipher.decrypt(token, PhiColumn.patientId)).toThrow(
      expect.objectContaining({ code: 'DECRYPTION_FAILED' }),
    );
  });

  it('never remembers a failure, and keeps answering across many tokens', () => {
    const keys = { dataRing: ring() };
    const cipher = createPhiCipher(keys);
    const tokens = Array.from({ length: 25_000 }, (_, i) => cipher.encrypt(`NAME^${i}`, PhiColumn.patientName));
    for (const [i, token] of tokens.entries()) expect(cipher.decrypt(token, PhiColumn.patientName)).toBe(`NAME^${i}`);
    const other = createPhiCipher({ dataRing: ring() });
    const foreign = other.encrypt('X', PhiColumn.patientName); // same key id, another key
    expect(() => cipher.decrypt(foreign, PhiColumn.patientName)).toThrow();
    expect(() => cipher.decrypt(foreign, PhiColumn.patientName)).toThrow();
    expect(cipher.decrypt(tokens[0], PhiColumn.patientName)).toBe('NAME^0');
  });
});
