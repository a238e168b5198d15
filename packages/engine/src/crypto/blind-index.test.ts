import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import { blindIndex, hmacSha256, normalizeForIndex, prefixIndex, prefixIndexes } from './blind-index.js';
import { hex, toHex } from './crypto.test-util.js';

describe('hmacSha256: RFC 4231 test cases 1–7', () => {
  const aa131 = 'aa'.repeat(131);
  const cases: { name: string; key: string; data: string; mac: string }[] = [
    {
      name: '1',
      key: '0b'.repeat(20),
      data: Buffer.from('Hi There').toString('hex'),
      mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    },
    {
      name: '2',
      key: Buffer.from('Jefe').toString('hex'),
      data: Buffer.from('what do ya want for nothing?').toString('hex'),
      mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    },
    {
      name: '3',
      key: 'aa'.repeat(20),
      data: 'dd'.repeat(50),
      mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    },
    {
      name: '4',
      key: '0102030405060708090a0b0c0d0e0f10111213141516171819',
      data: 'cd'.repeat(50),
      mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    },
    {
      name: '5 (truncated to 128 bits)',
      key: '0c'.repeat(20),
      data: Buffer.from('Test With Truncation').toString('hex'),
      mac: 'a3b6167473100ee06e0c796c2955552b',
    },
    {
      name: '6',
      key: aa131,
      data: Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First').toString('hex'),
      mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    },
    {
      name: '7',
      key: aa131,
      data: Buffer.from(
        'This is a test using a larger than block-size key and a larger than block-size data. ' +
          'The key needs to be hashed before being used by the HMAC algorithm.',
      ).toString('hex'),
      mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    },
  ];
  it.each(cases)('test case $name', ({ key, data, mac }) => {
    expect(toHex(hmacSha256(hex(key), hex(data))).slice(0, mac.length)).toBe(mac);
  });
});

describe('normalizeForIndex', () => {
  it('exact: NFKC, case fold, trim, collapse whitespace and control padding', () => {
    expect(normalizeForIndex('  Straße\t\tNo.\u00a0５\u0000 ', 'exact')).toBe('strasse no. 5');
    expect(normalizeForIndex('ΟΔΟΣ', 'exact')).toBe(normalizeForIndex('οδος', 'exact'));
    expect(normalizeForIndex('ﬁle', 'exact')).toBe('file');
  });

  it('identifier: also drops all whitespace but keeps other punctuation', () => {
    expect(normalizeForIndex(' ab 12-3 ', 'identifier')).toBe('ab12-3');
    expect(normalizeForIndex('ＭＲＮ００１', 'identifier')).toBe('mrn001');
  });

  it('person-name: DICOM PN components normalized, punctuation removed, empty trailing parts dropped', () => {
    expect(normalizeForIndex("O'Brien^Mary-Jo^^Dr.^", 'person-name')).toBe('obrien^maryjo^^dr');
    expect(normalizeForIndex('DOE^JANE^^^', 'person-name')).toBe('doe^jane');
    expect(normalizeForIndex('  Doe ^  Jane  Ann ', 'person-name')).toBe('doe^jane ann');
    expect(normalizeForIndex('Yamada^Tarou=山田^太郎=やまだ^たろう', 'person-name')).toBe(
      'yamada^tarou=山田^太郎=やまだ^たろう',
    );
    expect(normalizeForIndex('Doe^Jane==', 'person-name')).toBe('doe^jane');
    expect(normalizeForIndex('Müller', 'person-name')).not.toBe(normalizeForIndex('Muller', 'person-name'));
  });

  it('refuses non-strings, lone surrogates, oversized input and unknown kinds', () => {
    expect(errorCodeOfSync(() => normalizeForIndex(7 as unknown as string, 'exact'))).toBe('VALIDATION_FAILED');
    expect(errorCodeOfSync(() => normalizeForIndex('\udfff', 'exact'))).toBe('VALIDATION_FAILED');
    expect(errorCodeOfSync(() => normalizeForIndex('x'.repeat(2000), 'exact'))).toBe('VALIDATION_FAILED');
    expect(errorCodeOfSync(() => normalizeForIndex('x', 'fuzzy' as 'exact'))).toBe('VALIDATION_FAILED');
  });
});

describe('blindIndex', () => {
  const key = new Uint8Array(randomBytes(32));
  const name = { kind: 'person-name', context: 'patient-name' } as const;

  it('gives equal tokens for equal-meaning spellings, and a 256-bit base64url token', () => {
    const token = blindIndex('Doe^Jane', key, name);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(blindIndex('  DOE^JANE^^^', key, name)).toBe(token);
    expect(blindIndex('Doe^Joan', key, name)).not.toBe(token);
  });

  it('separates contexts, kinds and keys', () => {
    const token = blindIndex('12345', key, { kind: 'identifier', context: 'patient-id' });
    expect(blindIndex('12345', key, { kind: 'identifier', context: 'accession-number' })).not.toBe(token);
    expect(blindIndex('12345', key, { kind: 'exact', context: 'patient-id' })).not.toBe(token);
    const otherKey = new Uint8Array(randomBytes(32));
    expect(blindIndex('12345', otherKey, { kind: 'identifier', context: 'patient-id' })).not.toBe(token);
  });

  it('is HMAC-SHA256 over the documented domain-separated message', () => {
    const expected = Buffer.from(
      hmacSha256(key, 'lucent-blind-index/v1\u0000value\u0000patient-id\u0000identifier\u0000ab12'),
    ).toString('base64url');
    expect(blindIndex('AB 12', key, { kind: 'identifier', context: 'patient-id' })).toBe(expected);
  });

  it('refuses short keys and malformed contexts', () => {
    expect(errorCodeOfSync(() => blindIndex('x', new Uint8Array(16), name))).toBe('INVALID_KEY');
    expect(errorCodeOfSync(() => blindIndex('x', key, { kind: 'exact', context: '' }))).toBe('VALIDATION_FAILED');
    expect(errorCodeOfSync(() => blindIndex('x', key, { kind: 'exact', context: 'a\u0000b' }))).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('prefixIndexes / prefixIndex', () => {
  const key = new Uint8Array(randomBytes(32));
  const options = { minLength: 2, maxLength: 6, context: 'patient-name', kind: 'person-name' } as const;

  it('stores one token per prefix length, which prefix queries find', () => {
    // lengths 2–7 of "smith^john": sm, smi, smit, smith, (smith^ skipped), smith^j
    const stored = prefixIndexes('Smith^John', key, { ...options, maxLength: 7 });
    expect(stored).toHaveLength(5);
    expect(new Set(stored).size).toBe(5);
    for (const query of ['SM', 'smi', 'SMITH', "Smith'", 'smith^j']) {
      expect(stored, query).toContain(prefixIndex(query, key, { kind: 'person-name', context: 'patient-name' }));
    }
    expect(stored).not.toContain(prefixIndex('smy', key, { kind: 'person-name', context: 'patient-name' }));
  });

  it('skips prefixes that no query normalizes to (trailing separator)', () => {
    // "smith^jo" has prefixes s… smith, smith^ (skipped), smith^j, smith^jo
    const stored = prefixIndexes('Smith^Jo', key, { ...options, minLength: 1, maxLength: 10 });
    expect(stored).toHaveLength(7);
  });

  it('never equals the full-value token of the same text', () => {
    const stored = prefixIndexes('Smith', key, { ...options, minLength: 5, maxLength: 5 });
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toBe(blindIndex('Smith', key, { kind: 'person-name', context: 'patient-name' }));
  });

  it('cuts a query longer than the indexed maxLength so it still matches', () => {
    const stored = prefixIndexes('Smithson', key, options);
    const query = prefixIndex('Smithso', key, { kind: 'person-name', context: 'patient-name', maxLength: 6 });
    expect(stored).toContain(query);
  });

  it('counts lengths in code points, not UTF-16 units', () => {
    const stored = prefixIndexes('😀😀😀', key, { minLength: 1, maxLength: 3, context: 'c' });
    expect(stored).toEqual([1, 2, 3].map((n) => prefixIndex('😀'.repeat(n), key, { kind: 'exact', context: 'c' })));
  });

  it('refuses bad length ranges and empty prefixes', () => {
    for (const bad of [
      { minLength: 0, maxLength: 3 },
      { minLength: 4, maxLength: 3 },
      { minLength: 1, maxLength: 65 },
      { minLength: 1.5, maxLength: 3 },
    ]) {
      expect(errorCodeOfSync(() => prefixIndexes('abc', key, { ...bad, context: 'c' }))).toBe('VALIDATION_FAILED');
    }
    expect(errorCodeOfSync(() => prefixIndex('  ', key, { kind: 'exact', context: 'c' }))).toBe('VALIDATION_FAILED');
  });
});
