import { generateSigningIdentity, signDocument, verifyDocument } from '../../../packages/engine/src/crypto/index.js';
import type { CryptoOperation } from './crypto-operations.js';

/** A synthetic report the size of a short radiology report; no patient data. */
const report = {
  study: '1.2.826.0.1.3680043.2.1143.1',
  status: 'final',
  findings: 'Synthetic findings text. '.repeat(40),
  impression: 'Synthetic impression.',
  signedAt: '2025-01-01T00:00:00Z',
};

/** RSA-2048 sign and verify of a report (canonical JSON), with a fresh self-signed identity. */
export async function documentSigningOperations(): Promise<CryptoOperation[]> {
  const identity = await generateSigningIdentity({ commonName: 'Lucent bench', validDays: 1 });
  const signature = signDocument(report, identity.privateKeyPem);
  if (!verifyDocument(report, signature, identity.certificatePem)) {
    throw new Error('a fresh signature did not verify: the signing benchmark would be meaningless');
  }
  return [
    { name: 'sign report (RSA-2048, SHA-256)', run: () => signDocument(report, identity.privateKeyPem) },
    {
      name: 'verify report signature (certificate)',
      run: () => verifyDocument(report, signature, identity.certificatePem),
    },
  ];
}
