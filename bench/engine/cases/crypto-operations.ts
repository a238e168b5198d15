import { randomBytes } from 'node:crypto';
import {
  blindIndex,
  chainHash,
  decryptField,
  encryptField,
  GENESIS_HASH,
  hashPassword,
  verifyPassword,
} from '../../../packages/engine/src/crypto/index.js';
import { type BenchCase, emptyOutcome } from '../bench-case.js';
import { type MeasureOptions, measure, perSecond } from '../measure.js';
import { documentSigningOperations } from './document-signing.js';

const group = 'crypto';

/** Synthetic values only: no patient data, not even made-up names that look real. */
const fieldValue = 'ACCESSION-0001234567-SYNTHETIC';
const auditEntry = { action: 'study.view', actor: 'user-0001', study: '1.2.3.4.5.6.7.8.9', at: '2025-01-01T00:00:00Z' };
const password = 'correct horse battery staple 0001';

/** A named operation to time. */
export interface CryptoOperation {
  name: string;
  run: () => unknown;
  /** Slow (e.g. scrypt): fewer runs. */
  slow?: boolean;
}

function fieldOperations(): CryptoOperation[] {
  const ring = { activeKeyId: 'bench', keys: { bench: new Uint8Array(randomBytes(32)) } };
  const indexKey = new Uint8Array(randomBytes(32));
  let previous = GENESIS_HASH;
  return [
    { name: 'encrypt + decrypt field (AES-256-GCM)', run: () => decryptField(encryptField(fieldValue, ring), ring) },
    {
      name: 'blind index (HMAC-SHA256, identifier)',
      run: () => blindIndex(fieldValue, indexKey, { kind: 'identifier', context: 'accession-number' }),
    },
    {
      name: 'audit chain hash (canonical JSON + SHA-256)',
      run: () => {
        previous = chainHash(previous, auditEntry);
      },
    },
  ];
}

async function passwordOperations(): Promise<CryptoOperation[]> {
  const encoded = await hashPassword(password);
  return [
    { name: 'hash password (scrypt, default params)', run: () => hashPassword(password), slow: true },
    { name: 'verify password (scrypt, default params)', run: () => verifyPassword(password, encoded), slow: true },
  ];
}

function slowProfile(profile: MeasureOptions): MeasureOptions {
  return { ...profile, warmup: Math.min(profile.warmup, 1), minIterations: Math.min(profile.minIterations, 5) };
}

/** Operations per second of the engine's crypto primitives, in-thread. */
export const cryptoOperationsCase: BenchCase = {
  id: 'crypto',
  title: 'Crypto operations per second',
  async run(context) {
    const outcome = emptyOutcome();
    const operations = [...fieldOperations(), ...(await passwordOperations()), ...(await documentSigningOperations())];
    for (const operation of operations) {
      const profile = operation.slow === true ? slowProfile(context.profile) : context.profile;
      const measurement = await measure(operation.run, profile);
      outcome.rows.push({ group, name: operation.name, unit: 'ops/s', value: perSecond(measurement), measurement });
    }
    return outcome;
  },
};
