import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as cryptoApi from './index.js';

/** Tasks run in a worker pool: every input and output must survive structured cloning unchanged. */
describe('crypto public API', () => {
  it('works with structured-cloned key rings and keys (Buffer arrives as Uint8Array)', () => {
    const ring = { activeKeyId: 'k1', keys: { k1: randomBytes(32) } };
    const cloned = structuredClone(ring);
    expect(cloned.keys.k1).not.toBeInstanceOf(Buffer);
    const token = cryptoApi.encryptField('Doe^Jane', ring, 'col');
    expect(cryptoApi.decryptFieldText(structuredClone(token), cloned, 'col')).toBe('Doe^Jane');
    const indexKey = randomBytes(32);
    expect(cryptoApi.blindIndex('x', structuredClone(indexKey), { kind: 'exact', context: 'c' })).toBe(
      cryptoApi.blindIndex('x', indexKey, { kind: 'exact', context: 'c' }),
    );
  });

  it('returns only structured-cloneable plain data', async () => {
    const identity = await cryptoApi.generateSigningIdentity({ commonName: 'Signer', validDays: 2 });
    const signature = cryptoApi.signDocument({ a: 1 }, identity.privateKeyPem);
    const chain: cryptoApi.ChainLink[] = [];
    chain.push(cryptoApi.appendEntry(chain, { a: 1 }));
    const outputs: unknown[] = [
      identity,
      signature,
      cryptoApi.certificateInfo(identity.certificatePem),
      cryptoApi.verifyChain(chain),
      chain,
      cryptoApi.aesGcmEncrypt(new Uint8Array(32), new Uint8Array(12), new Uint8Array(3)),
      cryptoApi.prefixIndexes('smith', randomBytes(32), { minLength: 1, maxLength: 3, context: 'c' }),
      await cryptoApi.scryptKdf('pw', 'salt', { ln: 4, r: 1, p: 1, keyBytes: 16 }),
    ];
    for (const output of outputs) expect(structuredClone(output)).toEqual(output);
    expect(cryptoApi.verifyDocument({ a: 1 }, structuredClone(signature), identity.certificatePem)).toBe(true);
  });
});
