import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The shared reference corpus, read in place: `../shared/dicom/` next to the repository, or the
 * directory in LUCENT_DICOM_DIR.
 */
const fromEnvironment = process.env.LUCENT_DICOM_DIR;
export const corpusDirectory =
  fromEnvironment === undefined || fromEnvironment === ''
    ? fileURLToPath(new URL('../../../../../shared/dicom/', import.meta.url))
    : `${fromEnvironment.replace(/\/+$/, '')}/`;

const Frame0 = z.object({
  shape: z.array(z.number()),
  dtype: z.string(),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  sha256: z.string().optional(),
});

export const ManifestEntry = z.looseObject({
  file: z.string(),
  parse: z.string(),
  transferSyntax: z.string().optional(),
  rows: z.number().optional(),
  columns: z.number().optional(),
  numberOfFrames: z.number().optional(),
  samplesPerPixel: z.number().optional(),
  bitsAllocated: z.number().optional(),
  bitsStored: z.number().optional(),
  pixelRepresentation: z.number().optional(),
  photometricInterpretation: z.string().optional(),
  pixels: z.string().optional(),
  frame0: Frame0.optional(),
});
export type ManifestEntry = z.infer<typeof ManifestEntry>;

export function loadManifest(): ManifestEntry[] {
  const raw: unknown = JSON.parse(readFileSync(`${corpusDirectory}manifest.json`, 'utf8'));
  return z.array(ManifestEntry).parse(raw);
}

/** A corpus file's bytes in a fresh, exactly-sized buffer. */
export function readCorpusFile(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${corpusDirectory}${name}`));
}
