import { describe, expect, it } from 'vitest';
import { errorCodeOf, errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import { hex, toHex } from './crypto.test-util.js';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, scryptKdf, verifyPassword } from './password-hash.js';

/** Small parameters keep these tests fast; one test below runs the production defaults. */
const FAST = { ln: 10, r: 8, p: 1 } as const;

describe('scryptKdf: RFC 7914 §12 test vectors', () => {
  it('P="", S="", N=16, r=1, p=1', async () => {
    const key = await scryptKdf('', '', { ln: 4, r: 1, p: 1, keyBytes: 64 });
    expect(toHex(key)).toBe(
      '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442' +
        'fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906',
    );
  });

  it('P="password", S="NaCl", N=1024, r=8, p=16', async () => {
    const key = await scryptKdf('password', 'NaCl', { ln: 10, r: 8, p: 16, keyBytes: 64 });
    expect(toHex(key)).toBe(
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162' +
        '2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
    );
  });

  it('P="pleaseletmein", S="SodiumChloride", N=16384, r=8, p=1', async () => {
    const key = await scryptKdf(hex(Buffer.from('pleaseletmein').toString('hex')), 'SodiumChloride', {
      ln: 14,
      r: 8,
      p: 1,
      keyBytes: 64,
    });
    expect(toHex(key)).toBe(
      '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2' +
        'd5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887',
    );
  });
});

describe('hashPassword / verifyPassword', () => {
  it('at the OWASP defaults: encodes ln=17,r=8,p=1 with a 16-byte salt and 64-byte hash, and verifies', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    const match = /^\$scrypt\$ln=17,r=8,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(encoded);
    expect(match).not.toBeNull();
    expect(Buffer.from(match?.[1] ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(match?.[2] ?? '', 'base64')).toHaveLength(64);
    expect(await verifyPassword('correct horse battery staple', encoded)).toBe(true);
    expect(needsRehash(encoded)).toBe(false);
  });

  it('rejects a wrong password and salts every hash differently', async () => {
    const a = await hashPassword('s3cret', FAST);
    const b = await hashPassword('s3cret', FAST);
    expect(a).not.toBe(b);
    expect(await verifyPassword('s3cret', a)).toBe(true);
    expect(await verifyPassword('s3cret!', a)).toBe(false);
    expect(await verifyPassword('S3cret', b)).toBe(false);
  });

  it('normalizes with NFKC: composed and decomposed spellings verify alike', async () => {
    const encoded = await hashPassword('caf\u00e9\uff11', FAST);
    expect(await verifyPassword('cafe\u0301\uff11', encoded)).toBe(true);
    expect(await verifyPassword('caf\u00e91', encoded)).toBe(true);
  });

  it('verifies hashes made with older, weaker parameters and flags them for rehash', async () => {
    const old = await hashPassword('pw', { ln: 8, r: 4, p: 1, saltBytes: 8, keyBytes: 32 });
    expect(old).toMatch(/^\$scrypt\$ln=8,r=4,p=1\$/);
    expect(await verifyPassword('pw', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(old, { ln: 8, r: 4, p: 1, saltBytes: 8, keyBytes: 32 })).toBe(false);
    expect(needsRehash(await hashPassword('pw', FAST), FAST)).toBe(false);
  });

  it('refuses stored hashes whose parameters would exhaust the worker (DoS)', async () => {
    const salt = 'AAAAAAAAAAAAAAAAAAAAAA';
    const hash = 'A'.repeat(86);
    expect(await verifyPassword('pw', `$scrypt$ln=12,r=8,p=1$${salt}$${hash}`)).toBe(false);
    for (const params of ['ln=21,r=8,p=1', 'ln=20,r=8,p=1', 'ln=17,r=33,p=1', 'ln=17,r=8,p=17', 'ln=0,r=8,p=1']) {
      const code = await errorCodeOf(() => verifyPassword('pw', `$scrypt$${params}$${salt}$${hash}`));
      expect(code, params).toBe('INVALID_KEY');
    }
  });

  it('refuses malformed stored hashes with INVALID_KEY', async () => {
    const valid = await hashPassword('pw', FAST);
    const [, , params, salt, hash] = valid.split('$');
    const bad = [
      '',
      'plain',
      `$argon2id$${params}$${salt}$${hash}`,
      `$scrypt$${params}$${salt}`,
      `$scrypt$${params}$${salt}=$${hash}`,
      `$scrypt$${params}$!!$${hash}`,
      `$scrypt$${params}$${salt}$${hash}$extra`,
      `$scrypt$ln=10,p=1,r=8$${salt}$${hash}`,
      `$scrypt$${params}$AAAA$${hash}`,
    ];
    for (const encoded of bad) {
      expect(await errorCodeOf(() => verifyPassword('pw', encoded)), encoded).toBe('INVALID_KEY');
    }
    expect(errorCodeOfSync(() => needsRehash('nope'))).toBe('INVALID_KEY');
  });

  it('refuses unreasonable parameters and non-string passwords when hashing', async () => {
    expect(await errorCodeOf(() => hashPassword('pw', { ln: 21 }))).toBe('VALIDATION_FAILED');
    expect(await errorCodeOf(() => hashPassword('pw', { saltBytes: 4 }))).toBe('VALIDATION_FAILED');
    expect(await errorCodeOf(() => hashPassword('pw', { r: 1.5 }))).toBe('VALIDATION_FAILED');
    expect(await errorCodeOf(() => hashPassword(42 as unknown as string, FAST))).toBe('VALIDATION_FAILED');
    expect(await errorCodeOf(() => hashPassword('x'.repeat(5000), FAST))).toBe('VALIDATION_FAILED');
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ ln: 17, r: 8, p: 1, saltBytes: 16, keyBytes: 64 });
  });
});
