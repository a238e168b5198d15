import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared DICOM corpus, read in place: `../shared/dicom/` next to the repository root. */
export const defaultCorpusDirectory =
  process.env.LUCENT_DICOM_DIR || fileURLToPath(new URL('../shared/dicom/', new URL('../../', import.meta.url)));

/** What the benchmarks use of a manifest entry (see the corpus README). */
export interface CorpusEntry {
  file: string;
  transferSyntax: string;
  /** Frame 0's decoded shape: [rows, columns] or [rows, columns, samples]. */
  shape: number[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The corpus files the reference decoder could decode (frame 0 described in the manifest). Throws
 * when the manifest is missing or not a list.
 */
export async function loadDecodableEntries(directory: string): Promise<CorpusEntry[]> {
  const manifest: unknown = JSON.parse(await readFile(join(directory, 'manifest.json'), 'utf8'));
  if (!Array.isArray(manifest)) throw new Error(`${directory}/manifest.json is not a list`);
  const entries: CorpusEntry[] = [];
  for (const item of manifest) {
    if (!isRecord(item) || item.parse !== 'ok' || !isRecord(item.frame0)) continue;
    const { file, transferSyntax } = item;
    const shape = item.frame0.shape;
    if (typeof file !== 'string' || typeof transferSyntax !== 'string' || !Array.isArray(shape)) continue;
    entries.push({ file, transferSyntax, shape: shape.filter((n): n is number => typeof n === 'number') });
  }
  return entries;
}

/** A corpus file's bytes in a fresh, exactly-sized buffer. */
export async function readCorpusFile(directory: string, file: string): Promise<Uint8Array> {
  const buffer = await readFile(join(directory, file));
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
}
