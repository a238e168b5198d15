import { randomBytes } from 'node:crypto';

/** Lucent's Implementation Class UID (a 2.25 UUID-derived root, PS3.5 B.2) and version name. */
export const LUCENT_IMPLEMENTATION_CLASS_UID = '2.25.30362883310792300954167027452746470947';
export const LUCENT_IMPLEMENTATION_VERSION_NAME = 'LUCENT_0.1';

/** A 2.25 UID from 16 bytes made into a version-4 UUID (the variant and version bits set). */
export function uidFromUuidBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError('a UUID is 16 bytes');
  const uuid = Uint8Array.from(bytes);
  uuid[6] = ((uuid[6] as number) & 0x0f) | 0x40;
  uuid[8] = ((uuid[8] as number) & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${Buffer.from(uuid).toString('hex')}`).toString()}`;
}

/**
 * A fresh UID: "2.25." and the decimal value of a random UUID (PS3.5 B.2). With `random` (a seeded
 * source of floats in [0, 1)) the UID is reproducible.
 */
export function generateUid(random?: () => number): string {
  if (random === undefined) return uidFromUuidBytes(randomBytes(16));
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random() * 256);
  return uidFromUuidBytes(bytes);
}

/** Whether `uid` is a well-formed DICOM UID (digits and dots, no leading zeros, at most 64 characters). */
export function isValidUid(uid: string): boolean {
  return uid.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
}
