import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDicom } from '@lucent/engine';
import type { DicomMetadata } from '@lucent/shared';
import { corpusDir } from '../corpus.test-util.js';
import { type SyntheticPatient, syntheticPatients } from '../synthetic-patients.test-util.js';
import type { PatientIdentifier } from './identifier-matchers.test-util.js';

const PIXEL_DATA_TAGS = [Buffer.from([0xe0, 0x7f, 0x10, 0x00]), Buffer.from([0x7f, 0xe0, 0x00, 0x10])];

/** The patient module of a DICOM file; a file cut short (MR_truncated.dcm) is read up to its Pixel Data. */
function patientOf(bytes: Uint8Array): DicomMetadata['patient'] {
  try {
    return parseDicom(bytes).metadata.patient;
  } catch (error) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const pixelData = Math.max(...PIXEL_DATA_TAGS.map((tag) => buffer.lastIndexOf(tag)));
    if (pixelData <= 0) throw error;
    return parseDicom(bytes.subarray(0, pixelData)).metadata.patient;
  }
}

type PatientFields = { [field in keyof SyntheticPatient]?: string | undefined };

function identifiersOf(patient: PatientFields, source: string): PatientIdentifier[] {
  const found: PatientIdentifier[] = [];
  if (patient.patientName) found.push({ kind: 'patientName', value: patient.patientName, source });
  if (patient.patientId) found.push({ kind: 'patientId', value: patient.patientId, source });
  if (patient.birthDate) found.push({ kind: 'birthDate', value: patient.birthDate, source });
  return found;
}

/**
 * The patient name, ID and birth date of every file of the DICOM corpus, read in place (none when the
 * corpus is absent). `unreadable` lists files whose patient module could not be read at all.
 */
export async function corpusPatientIdentifiers(
  dir: string = corpusDir,
): Promise<{ identifiers: PatientIdentifier[]; files: number; unreadable: string[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.dcm')).sort();
  } catch {
    return { identifiers: [], files: 0, unreadable: [] };
  }
  const identifiers: PatientIdentifier[] = [];
  const unreadable: string[] = [];
  for (const name of names) {
    try {
      const bytes = new Uint8Array(await readFile(join(dir, name)));
      const { patientName, patientId, patientBirthDate: birthDate } = patientOf(bytes);
      identifiers.push(...identifiersOf({ patientName, patientId, birthDate }, `corpus ${name}`));
    } catch {
      unreadable.push(name);
    }
  }
  return { identifiers, files: names.length, unreadable };
}

export function syntheticPatientIdentifiers(): PatientIdentifier[] {
  return Object.entries(syntheticPatients).flatMap(([fixture, patient]) =>
    identifiersOf(patient, `synthetic patient ${fixture}`),
  );
}
