import { describe, expect, it } from 'vitest';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import { aesGcmDecrypt, aesGcmEncrypt } from './aes-gcm.js';
import { hex, toHex } from './crypto.test-util.js';

/** McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, Test Cases 13–16 (AES-256). */
const KEY15 = 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308';
const PLAIN15 =
  'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
  '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255';
const CIPHER15 =
  '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa' +
  '8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad';

const vectors = [
  {
    name: 'Test Case 13',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    plaintext: '',
    aad: '',
    ciphertext: '',
    tag: '530f8afbc74536b9a963b4f1c4cb738b',
  },
  {
    name: 'Test Case 14',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    plaintext: '00'.repeat(16),
    aad: '',
    ciphertext: 'cea7403d4d606b6e074ec5d3baf39d18',
    tag: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  {
    name: 'Test Case 15',
    key: KEY15,
    iv: 'cafebabefacedbaddecaf888',
    plaintext: PLAIN15,
    aad: '',
    ciphertext: CIPHER15,
    tag: 'b094dac5d93471bdec1a502270e3cc6c',
  },
  {
    name: 'Test Case 16',
    key: KEY15,
    iv: 'cafebabefacedbaddecaf888',
    plaintext: PLAIN15.slice(0, 120),
    aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    ciphertext: CIPHER15.slice(0, 120),
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
];

describe('aesGcmEncrypt / aesGcmDecrypt known answers', () => {
  for (const v of vectors) {
    it(`${v.name}: encrypts to the published ciphertext and tag`, () => {
      const sealed = aesGcmEncrypt(hex(v.key), hex(v.iv), hex(v.plaintext), hex(v.aad));
      expect(toHex(sealed.ciphertext)).toBe(v.ciphertext);
      expect(toHex(sealed.tag)).toBe(v.tag);
    });

    it(`${v.name}: decrypts the published ciphertext`, () => {
      const plaintext = aesGcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext), hex(v.tag), hex(v.aad));
      expect(toHex(plaintext)).toBe(v.plaintext);
    });
  }

  it('rejects a tag that does not match the AAD', () => {
    const v = vectors[3];
    if (!v) throw new Error('missing vector');
    const code = errorCodeOfSync(() => aesGcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext), hex(v.tag), hex('00')));
    expect(code).toBe('DECRYPTION_FAILED');
  });

  it('refuses a key that is not 32 bytes and an IV that is not 12 bytes', () => {
    expect(errorCodeOfSync(() => aesGcmEncrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(1)))).toBe(
      'INVALID_KEY',
    );
    expect(errorCodeOfSync(() => aesGcmEncrypt(new Uint8Array(32), new Uint8Array(8), new Uint8Array(1)))).toBe(
      'INVALID_CIPHERTEXT',
    );
    expect(
      errorCodeOfSync(() =>
        aesGcmDecrypt(new Uint8Array(32), new Uint8Array(12), new Uint8Array(1), new Uint8Array(4)),
      ),
    ).toBe('INVALID_CIPHERTEXT');
  });

  it('refuses non-byte plaintext with a typed error', () => {
    const notBytes = 'text' as unknown as Uint8Array;
    expect(errorCodeOfSync(() => aesGcmEncrypt(new Uint8Array(32), new Uint8Array(12), notBytes))).toBe(
      'VALIDATION_FAILED',
    );
  });
});
