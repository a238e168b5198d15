import { type ChainLink, type ChainVerification, verifyChain as verify } from '../crypto/index.js';

export interface VerifyChainInput {
  entries: readonly ChainLink[];
  startHash?: string;
}

/** Task: recompute a hash chain; the head hash, or the index of the first broken link. */
export async function verifyChain(input: VerifyChainInput): Promise<ChainVerification> {
  return input.startHash === undefined ? verify(input.entries) : verify(input.entries, input.startHash);
}
