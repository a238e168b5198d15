import { prefixIndexes as indexes, type PrefixIndexOptions } from '../crypto/index.js';

export interface PrefixIndexesInput {
  value: string;
  key: Uint8Array;
  options: PrefixIndexOptions;
}

/** Task: the keyed prefix-search tokens to store for a value. */
export async function prefixIndexes(input: PrefixIndexesInput): Promise<string[]> {
  return indexes(input.value, input.key, input.options);
}
