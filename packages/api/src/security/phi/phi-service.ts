import type { Engine } from '@lucent/engine';
import type { KeyMaterial } from '../keys/key-material.js';
import { createPhiCipher, type PhiCipher } from './phi-cipher.js';
import { createPhiIndexes, type PhiIndexes } from './phi-indexes.js';

/** PHI at rest: field encryption (cipher) and the blind indexes search uses (indexes). */
export interface PhiService {
  cipher: PhiCipher;
  indexes: PhiIndexes;
}

export function createPhiService(keys: KeyMaterial, engine: Engine): PhiService {
  return { cipher: createPhiCipher(keys), indexes: createPhiIndexes(keys, engine) };
}
