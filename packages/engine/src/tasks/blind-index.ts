import { type BlindIndexOptions, blindIndex as index } from '../crypto/index.js';

export interface BlindIndexInput {
  value: string;
  key: Uint8Array;
  options: BlindIndexOptions;
}

/** Task: the keyed equality-search token of a value. */
export async function blindIndex(input: BlindIndexInput): Promise<string> {
  return index(input.value, input.key, input.options);
}
