import { chainHash as hash } from '../crypto/index.js';

export interface ChainHashInput {
  previousHash: string;
  entry: unknown;
}

/** Task: the hash of the chain link holding `entry` after `previousHash`. */
export async function chainHash(input: ChainHashInput): Promise<string> {
  return hash(input.previousHash, input.entry);
}
