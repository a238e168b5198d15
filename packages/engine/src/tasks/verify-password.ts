import { verifyPassword as verify } from '../crypto/index.js';

export interface VerifyPasswordInput {
  password: string;
  encoded: string;
}

/** Task: whether a password matches a stored scrypt hash. */
export async function verifyPassword(input: VerifyPasswordInput): Promise<boolean> {
  return verify(input.password, input.encoded);
}
