import { decryptField as decrypt, type KeyRing } from '../crypto/index.js';

export interface DecryptFieldInput {
  token: string;
  ring: KeyRing;
  aad?: string;
}

/** Task: decrypt a field token to its bytes. */
export async function decryptField(input: DecryptFieldInput): Promise<Uint8Array> {
  return decrypt(input.token, input.ring, input.aad);
}
