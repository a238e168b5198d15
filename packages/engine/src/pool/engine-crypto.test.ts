import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blindIndex as blindIndexInProcess, chainHash as chainHashInProcess, GENESIS_HASH } from '../crypto/index.js';
import { EngineError } from '../errors/engine-error.js';
import { createEngine, type Engine } from './create-engine.js';
import { rejectionCode } from './test-runner.test-util.js';

let engine: Engine;

const key = () => new Uint8Array(randomBytes(32));

beforeAll(() => {
  engine = createEngine({ threads: 2 });
});

afterAll(async () => {
  await engine.close();
});

describe('engine crypto through the pool', () => {
  it('encrypts and decrypts a field, bound to its AAD, key ring left usable in the caller', async () => {
    const ring = { activeKeyId: 'k1', keys: { k1: key() } };
    const token = await engine.encryptField('Lung nodule follow-up', ring, { aad: 'reports.text' });
    expect(ring.keys.k1.byteLength).toBe(32);
    await expect(engine.decryptFieldText(token, ring, { aad: 'reports.text' })).resolves.toBe('Lung nodule follow-up');
    const bytes = await engine.decryptField(token, ring, { aad: 'reports.text' });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes)).toBe('Lung nodule follow-up');
    const error = await engine.decryptField(token, ring, { aad: 'other.column' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('DECRYPTION_FAILED');
  });

  it('rotates a token to the active key', async () => {
    const old = { activeKeyId: 'k1', keys: { k1: key() } };
    const token = await engine.encryptField('x', old);
    const rotatedRing = { activeKeyId: 'k2', keys: { ...old.keys, k2: key() } };
    const rotated = await engine.rotateField(token, rotatedRing);
    expect(rotated).not.toBe(token);
    await expect(
      engine.decryptFieldText(rotated, { activeKeyId: 'k2', keys: { k2: rotatedRing.keys.k2 } }),
    ).resolves.toBe('x');
  });

  it('computes the same blind index as in-process, and prefix tokens', async () => {
    const indexKey = key();
    const options = { kind: 'exact', context: 'patient-id' } as const;
    const token = await engine.blindIndex('PID-42', indexKey, options);
    expect(token).toBe(blindIndexInProcess('PID-42', indexKey, options));
    const prefixes = await engine.prefixIndexes('SMITH', indexKey, { minLength: 2, maxLength: 4, context: 'name' });
    expect(prefixes).toHaveLength(3);
  });

  it('hashes and verifies a password', async () => {
    const encoded = await engine.hashPassword('correct horse', { params: { ln: 10 } });
    expect(encoded).toMatch(/^\$scrypt\$ln=10,/);
    await expect(engine.verifyPassword('correct horse', encoded)).resolves.toBe(true);
    await expect(engine.verifyPassword('wrong horse', encoded)).resolves.toBe(false);
  });

  it('hashes and verifies a chain, reporting the first broken link', async () => {
    const first = await engine.chainHash(GENESIS_HASH, { action: 'view', study: 1 });
    expect(first).toBe(chainHashInProcess(GENESIS_HASH, { action: 'view', study: 1 }));
    const second = await engine.chainHash(first, { action: 'export', study: 1 });
    const chain = [
      { entry: { action: 'view', study: 1 }, hash: first },
      { entry: { action: 'export', study: 1 }, hash: second },
    ];
    await expect(engine.verifyChain(chain)).resolves.toEqual({ ok: true, head: second });
    const tampered = [chain[0], { entry: { action: 'delete', study: 1 }, hash: second }];
    await expect(engine.verifyChain(tampered as typeof chain)).resolves.toEqual({ ok: false, index: 1 });
  });

  it('generates a signing identity, signs a document and verifies it with the certificate', async () => {
    const identity = await engine.generateSigningIdentity({ commonName: 'Lucent test signer', validDays: 1 });
    expect(identity.certificatePem).toMatch(/BEGIN CERTIFICATE/);
    const report = { study: '1.2.3', findings: 'No acute abnormality', version: 2 };
    const signature = await engine.signDocument(report, identity.privateKeyPem);
    expect(signature.algorithm).toBe('RSA-SHA256');
    await expect(engine.verifyDocument(report, signature, identity.certificatePem)).resolves.toBe(true);
    await expect(engine.verifyDocument({ ...report, version: 3 }, signature, identity.publicKeyPem)).resolves.toBe(
      false,
    );
    expect(await rejectionCode(engine.signDocument(report, 'not a key'))).toBe('INVALID_KEY');
  });

  it('answers input that cannot reach a worker with VALIDATION_FAILED', async () => {
    expect(await rejectionCode(engine.chainHash(GENESIS_HASH, { callback: () => 1 }))).toBe('VALIDATION_FAILED');
  });
});
