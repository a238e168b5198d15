import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { KeyFile, SigningKeyEntry } from './key-file.schema.js';

/** A fresh key id: a prefix, the date and random hex (`s-20261123-1a2b3c4d`). */
export function newKeyId(prefix: 's' | 'd'): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return `${prefix}-${day}-${randomBytes(4).toString('hex')}`;
}

export async function generateSigningKey(): Promise<SigningKeyEntry> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return {
    kid: newKeyId('s'),
    alg: 'EdDSA',
    privateJwk: { ...(await exportJWK(privateKey)) },
    publicJwk: { ...(await exportJWK(publicKey)) },
    createdAt: new Date().toISOString(),
  };
}

const secret = () => randomBytes(32).toString('base64');

/** A complete new key file (first start in development). */
export async function generateKeyFile(): Promise<KeyFile> {
  const signing = await generateSigningKey();
  const dataKeyId = newKeyId('d');
  return {
    version: 1,
    signing: { activeKid: signing.kid, keys: [signing] },
    data: { activeKeyId: dataKeyId, keys: { [dataKeyId]: secret() } },
    blindIndexKey: secret(),
    urlSigningKey: secret(),
  };
}
