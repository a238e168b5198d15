import { encryptField as encrypt, type KeyRing } from '../crypto/index.js';

export interface EncryptFieldInput {
  plaintext: string | Uint8Array;
  ring: KeyRing;
  aad?: string;
}

/** Task: encrypt a field with the ring's active key (AES-256-GCM token). */
export async function encryptField(input: EncryptFieldInput): Promise<string> {
  return encrypt(input.plaintext, input.ring, input.aad);
}
