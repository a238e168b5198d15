import { hashPassword as hash, type ScryptParams } from '../crypto/index.js';

export interface HashPasswordInput {
  password: string;
  params?: Partial<ScryptParams>;
}

/** Task: scrypt password hash (PHC-style string). */
export async function hashPassword(input: HashPasswordInput): Promise<string> {
  return hash(input.password, input.params);
}
