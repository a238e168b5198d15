import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared DICOM corpus, read in place (../shared/dicom beside the repository, or LUCENT_DICOM_DIR). */
export const corpusDir =
  process.env.LUCENT_DICOM_DIR ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared/dicom');

export interface CorpusEntry {
  file: string;
  parse: string;
  transferSyntax: string;
  studyInstanceUID?: string;
  seriesInstanceUID?: string;
  sopInstanceUID?: string;
  modality?: string;
  rows?: number;
  columns?: number;
  pixels?: string;
  frame0?: { shape: number[]; dtype: string; min: number; max: number; mean: number; sha256?: string };
  [key: string]: unknown;
}

export async function corpusManifest(): Promise<CorpusEntry[]> {
  return JSON.parse(await readFile(join(corpusDir, 'manifest.json'), 'utf8')) as CorpusEntry[];
}

export async function corpusFile(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(corpusDir, name)));
}
