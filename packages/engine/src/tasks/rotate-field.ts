import { rotateField as rotate } from '../crypto/index.js';
import type { DecryptFieldInput } from './decrypt-field.js';

/** Task: re-encrypt a field token under the ring's active key. */
export async function rotateField(input: DecryptFieldInput): Promise<string> {
  return rotate(input.token, input.ring, input.aad);
}
