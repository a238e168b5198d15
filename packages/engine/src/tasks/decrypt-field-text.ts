import { decryptFieldText as decryptText } from '../crypto/index.js';
import type { DecryptFieldInput } from './decrypt-field.js';

/** Task: decrypt a field token to UTF-8 text. */
export async function decryptFieldText(input: DecryptFieldInput): Promise<string> {
  return decryptText(input.token, input.ring, input.aad);
}
