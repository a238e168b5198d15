import { z } from 'zod';
import { Errors } from '../errors/engine-error.js';
import { AES_KEY_BYTES } from './aes-gcm.js';

/** Key ids appear inside tokens, so they are short and free of the token's `.` separator. */
export const keyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'key ids are 1–32 characters of [A-Za-z0-9_-]');

const keyBytesSchema = z.custom<Uint8Array>(
  (value) => value instanceof Uint8Array && value.byteLength === AES_KEY_BYTES,
  `each key must be a ${AES_KEY_BYTES}-byte Uint8Array`,
);

/**
 * A field-encryption key ring: every key that may still have encrypted stored data, and the one new
 * data is encrypted with. Plain data (structured-cloneable), so it can be sent to a worker.
 */
export const keyRingSchema = z
  .object({
    activeKeyId: keyIdSchema,
    keys: z.record(keyIdSchema, keyBytesSchema),
  })
  .refine((ring) => Object.hasOwn(ring.keys, ring.activeKeyId), {
    message: 'the active key id is not in the ring',
    path: ['activeKeyId'],
  });

export type KeyRing = z.infer<typeof keyRingSchema>;

/** Validates a key ring; a malformed one throws INVALID_KEY naming the problem, never key material. */
export function parseKeyRing(ring: unknown): KeyRing {
  const result = keyRingSchema.safeParse(ring);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
  throw Errors.invalidKey(`key ring${where}: ${issue?.message ?? 'invalid'}`);
}

/** The key with this id, or UNKNOWN_KEY (e.g. after the key was retired from the ring). */
export function keyFor(ring: KeyRing, keyId: string): Uint8Array {
  const key = Object.hasOwn(ring.keys, keyId) ? ring.keys[keyId] : undefined;
  if (key === undefined) throw Errors.unknownKey(keyId);
  return key;
}
