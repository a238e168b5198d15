import type { KeyRing } from '@lucent/engine';
import { type CryptoKey, importJWK, type JWK } from 'jose';
import type { KeyFile } from './key-file.schema.js';

export interface VerificationKey {
  kid: string;
  key: CryptoKey;
}

/** The key file, imported: what the services use at run time. */
export interface KeyMaterial {
  signing: {
    activeKid: string;
    privateKey: CryptoKey;
    /** Every signing key's public half, by kid (tokens signed before a rotation still verify). */
    publicKeys: ReadonlyMap<string, CryptoKey>;
    /** Served at /.well-known/jwks.json. */
    jwks: { keys: JWK[] };
  };
  /** Master key ring for PHI fields and file data keys (the engine's KeyRing). */
  dataRing: KeyRing;
  blindIndexKey: Uint8Array;
  urlSigningKey: Uint8Array;
}

const bytesOf = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

export async function importKeyFile(file: KeyFile): Promise<KeyMaterial> {
  const active = file.signing.keys.find((key) => key.kid === file.signing.activeKid);
  if (active === undefined) throw new Error('the active signing key is not in the key file');
  const privateKey = (await importJWK(active.privateJwk as JWK, 'EdDSA')) as CryptoKey;
  const publicKeys = new Map<string, CryptoKey>();
  const jwks: JWK[] = [];
  for (const entry of file.signing.keys) {
    publicKeys.set(entry.kid, (await importJWK(entry.publicJwk as JWK, 'EdDSA')) as CryptoKey);
    jwks.push({ ...(entry.publicJwk as JWK), kid: entry.kid, alg: 'EdDSA', use: 'sig' });
  }
  const dataKeys: Record<string, Uint8Array> = {};
  for (const [id, key] of Object.entries(file.data.keys)) dataKeys[id] = bytesOf(key);
  return {
    signing: { activeKid: file.signing.activeKid, privateKey, publicKeys, jwks: { keys: jwks } },
    dataRing: { activeKeyId: file.data.activeKeyId, keys: dataKeys },
    blindIndexKey: bytesOf(file.blindIndexKey),
    urlSigningKey: bytesOf(file.urlSigningKey),
  };
}
