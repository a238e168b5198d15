import type { DicomMetadata } from '@lucent/shared';
import { type PhiCipher, PhiColumn } from './phi-cipher.js';

/** The PHI values inside instance.metadata (DicomMetadata), each replaced by a token bound to its path. */
export const METADATA_PHI_PATHS = [
  ['patient', 'patientName'],
  ['patient', 'patientId'],
  ['patient', 'issuerOfPatientId'],
  ['patient', 'patientBirthDate'],
  ['patient', 'patientAge'],
  ['study', 'referringPhysicianName'],
] as const;

type Json = Record<string, unknown>;

function mapPaths(metadata: Json, map: (value: string, column: string) => string | null): Json {
  const copy: Json = { ...metadata };
  for (const [group, field] of METADATA_PHI_PATHS) {
    const section = copy[group];
    if (section === null || typeof section !== 'object') continue;
    const value = (section as Json)[field];
    if (typeof value !== 'string') continue;
    const next = { ...(section as Json) };
    const mapped = map(value, PhiColumn.metadata(`${group}.${field}`));
    if (mapped === null) delete next[field];
    else next[field] = mapped;
    copy[group] = next;
  }
  return copy;
}

/** DicomMetadata (or its stored form) with its PHI values encrypted. */
export function encryptMetadata<T extends Json | DicomMetadata>(cipher: PhiCipher, metadata: T): T {
  return mapPaths(metadata as Json, (value, column) => cipher.encrypt(value, column)) as T;
}

export function decryptMetadata<T extends Json>(cipher: PhiCipher, metadata: T): T {
  return mapPaths(metadata, (value, column) => cipher.decrypt(value, column)) as T;
}

/**
 * instance.dicom_json is the whole DICOM JSON model: dozens of attributes can identify a patient
 * (names, IDs, other IDs, address, telephone, physicians, institution), so the whole document is
 * one token, stored as a JSON string in the jsonb column. Decrypting 30 KB costs ~20 µs.
 */
export function encryptDicomJson(cipher: PhiCipher, json: Json | string): string {
  return JSON.stringify(cipher.encrypt(typeof json === 'string' ? json : JSON.stringify(json), PhiColumn.dicomJson));
}

/**
 * The DICOM JSON text of a stored dicom_json value: given as the column's text (`"v1…"` for a
 * token, `{…}` for a legacy row) or as the parsed jsonb (a string token or an object).
 */
export function dicomJsonTextOf(cipher: PhiCipher, stored: unknown): string | null {
  if (stored === null || stored === undefined) return null;
  let value = stored;
  if (typeof value === 'string' && value.startsWith('"')) value = JSON.parse(value) as string;
  if (typeof value === 'string') {
    return value.startsWith('{') ? value : (cipher.decrypt(value, PhiColumn.dicomJson) as string);
  }
  return JSON.stringify(value);
}

export function dicomJsonOf(cipher: PhiCipher, stored: unknown): Record<string, unknown> | null {
  const text = dicomJsonTextOf(cipher, stored);
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}

/** ingest_job.files (file names can carry patient names) as one token, stored as a JSON string. */
export function encryptJobFiles(cipher: PhiCipher, files: unknown[]): string {
  return JSON.stringify(cipher.encrypt(JSON.stringify(files), PhiColumn.jobFiles));
}

export function decryptJobFiles<T>(cipher: PhiCipher, stored: unknown): T[] {
  if (typeof stored === 'string') return JSON.parse(cipher.decrypt(stored, PhiColumn.jobFiles) ?? '[]') as T[];
  return (stored ?? []) as T[];
}
