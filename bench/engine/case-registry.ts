import type { BenchCase } from './bench-case.js';

/** A case, loaded on demand so that one missing engine module fails only the cases that need it. */
export interface CaseEntry {
  id: string;
  load: () => Promise<BenchCase>;
}

export const caseRegistry: readonly CaseEntry[] = [
  { id: 'decode-corpus', load: async () => (await import('./cases/decode-corpus.js')).decodeCorpusCase },
  { id: 'decode-synthetic', load: async () => (await import('./cases/decode-synthetic.js')).decodeSyntheticCase },
  { id: 'render-ct', load: async () => (await import('./cases/render-ct.js')).renderCtCase },
  { id: 'j2k-thumbnail', load: async () => (await import('./cases/j2k-thumbnail.js')).j2kThumbnailCase },
  { id: 'pool-overhead', load: async () => (await import('./cases/pool-overhead.js')).poolOverheadCase },
  { id: 'crypto', load: async () => (await import('./cases/crypto-operations.js')).cryptoOperationsCase },
];

export const caseIds: readonly string[] = caseRegistry.map((entry) => entry.id);
