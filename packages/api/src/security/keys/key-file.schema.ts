import { z } from 'zod';

const base64Key = z
  .string()
  .regex(/^[A-Za-z0-9+/_-]+={0,2}$/, 'keys are base64')
  .refine((text) => Buffer.from(text, 'base64').byteLength === 32, 'each key is 32 bytes (base64)');
const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'key ids are 1–32 characters of [A-Za-z0-9_-]');
const jwk = z.record(z.string(), z.unknown());

/** One token-signing key pair (Ed25519, JWK form). Retired keys stay to verify tokens still in flight. */
export const SigningKeyEntry = z.object({
  kid: keyId,
  alg: z.literal('EdDSA'),
  privateJwk: jwk,
  publicJwk: jwk,
  createdAt: z.string(),
});
export type SigningKeyEntry = z.infer<typeof SigningKeyEntry>;

/**
 * Every secret the server holds, as stored in the key file (mode 0600) or given in LUCENT_KEYS.
 * `data` is the master key ring for PHI field encryption and for wrapping per-file data keys;
 * `blindIndexKey` keys the search indexes; `urlSigningKey` signs short-lived image URLs.
 */
export const KeyFile = z
  .object({
    version: z.literal(1),
    signing: z.object({ activeKid: keyId, keys: z.array(SigningKeyEntry).min(1) }),
    data: z.object({ activeKeyId: keyId, keys: z.record(keyId, base64Key) }),
    blindIndexKey: base64Key,
    urlSigningKey: base64Key,
  })
  .refine((file) => file.signing.keys.some((key) => key.kid === file.signing.activeKid), {
    message: 'the active signing key is not in the list',
    path: ['signing', 'activeKid'],
  })
  .refine((file) => Object.hasOwn(file.data.keys, file.data.activeKeyId), {
    message: 'the active data key is not in the ring',
    path: ['data', 'activeKeyId'],
  });
export type KeyFile = z.infer<typeof KeyFile>;
