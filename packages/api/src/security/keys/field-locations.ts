import { PhiColumn } from '../phi/phi-cipher.js';
import { METADATA_PHI_PATHS } from '../phi/phi-records.js';

/**
 * Every place a field token is stored: its table, how to read it as text (`select`), how to write a
 * new token back (`update`, with one `?` for the token) and its AAD. Key rotation walks these; the
 * key status counts tokens per key id through them.
 */
export interface FieldLocation {
  table: string;
  column: string;
  select: string;
  update: string;
  aad: string;
}

const text = (table: string, column: string, aad: string): FieldLocation => ({
  table,
  column,
  select: column,
  update: '?',
  aad,
});

/** A token stored as a JSON string in a jsonb column. */
const jsonString = (table: string, column: string, aad: string): FieldLocation => ({
  table,
  column,
  select: `(${column} #>> '{}')`,
  update: 'to_jsonb(?::text)',
  aad,
});

const inMetadata = (group: string, field: string): FieldLocation => ({
  table: 'instance',
  column: 'metadata',
  select: `(metadata #>> '{${group},${field}}')`,
  update: `jsonb_set(metadata, '{${group},${field}}', to_jsonb(?::text))`,
  aad: PhiColumn.metadata(`${group}.${field}`),
});

export const fieldLocations: FieldLocation[] = [
  text('patient', 'patient_id', PhiColumn.patientId),
  text('patient', 'patient_name', PhiColumn.patientName),
  text('patient', 'issuer_of_patient_id', PhiColumn.issuerOfPatientId),
  text('patient', 'birth_date', PhiColumn.birthDate),
  text('study', 'referring_physician_name', PhiColumn.referringPhysicianName),
  ...METADATA_PHI_PATHS.map(([group, field]) => inMetadata(group, field)),
  jsonString('instance', 'dicom_json', PhiColumn.dicomJson),
  jsonString('ingest_job', 'files', PhiColumn.jobFiles),
];
