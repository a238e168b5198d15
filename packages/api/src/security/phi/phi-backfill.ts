import type { Knex } from '@mikro-orm/postgresql';
import type { Database } from '../../db/open-database.js';
import { isFieldToken, PhiColumn } from './phi-cipher.js';
import { encryptDicomJson, encryptJobFiles, encryptMetadata } from './phi-records.js';
import type { PhiService } from './phi-service.js';

const BATCH = 200;

export interface BackfillCounts {
  patients: number;
  studies: number;
  instances: number;
  jobs: number;
}

const encryptLegacy = (phi: PhiService, value: string | null, column: string) =>
  value === null || isFieldToken(value) ? value : phi.cipher.encrypt(value, column);

/** Issuer of a legacy patient key `id:<issuer>:<patient id>`. */
function issuerOf(patientKey: string, patientId: string | null): string | null {
  if (!patientKey.startsWith('id:') || patientId === null) return null;
  const issuer = patientKey.slice(3, patientKey.length - patientId.length - 1);
  return issuer === '' ? null : issuer;
}

async function patients(knex: Knex, phi: PhiService): Promise<number> {
  let done = 0;
  for (;;) {
    const rows: Array<{
      id: string;
      patient_key: string;
      patient_id: string | null;
      patient_name: string | null;
      birth_date: string | null;
    }> = await knex('patient').where('phi_encrypted', false).limit(BATCH);
    if (rows.length === 0) return done;
    for (const row of rows) {
      const indexes = await phi.indexes.patientIndexes(row.patient_id, row.patient_name);
      await knex('patient')
        .where('id', row.id)
        .update({
          patient_key: phi.indexes.patientKey(row.patient_key),
          patient_id: encryptLegacy(phi, row.patient_id, PhiColumn.patientId),
          patient_name: encryptLegacy(phi, row.patient_name, PhiColumn.patientName),
          issuer_of_patient_id: encryptLegacy(
            phi,
            issuerOf(row.patient_key, row.patient_id),
            PhiColumn.issuerOfPatientId,
          ),
          birth_date: encryptLegacy(phi, row.birth_date, PhiColumn.birthDate),
          ...indexes,
          phi_encrypted: true,
        });
    }
    done += rows.length;
  }
}

async function studies(knex: Knex, phi: PhiService): Promise<number> {
  let done = 0;
  for (;;) {
    const rows: Array<{ id: string; referring_physician_name: string | null }> = await knex('study')
      .select('id', 'referring_physician_name')
      .where('phi_encrypted', false)
      .limit(BATCH);
    if (rows.length === 0) return done;
    for (const row of rows) {
      await knex('study')
        .where('id', row.id)
        .update({
          referring_physician_name: encryptLegacy(phi, row.referring_physician_name, PhiColumn.referringPhysicianName),
          phi_encrypted: true,
        });
    }
    done += rows.length;
  }
}

async function instances(knex: Knex, phi: PhiService): Promise<number> {
  let done = 0;
  for (;;) {
    const rows: Array<{ id: string; metadata: Record<string, unknown>; dicom_json: unknown }> = await knex('instance')
      .select('id', 'metadata', 'dicom_json')
      .where('phi_encrypted', false)
      .limit(BATCH);
    if (rows.length === 0) return done;
    for (const row of rows) {
      const json = row.dicom_json;
      await knex('instance')
        .where('id', row.id)
        .update({
          metadata: JSON.stringify(encryptMetadata(phi.cipher, row.metadata)),
          dicom_json:
            json === null
              ? null
              : typeof json === 'string'
                ? JSON.stringify(json)
                : encryptDicomJson(phi.cipher, json as Record<string, unknown>),
          phi_encrypted: true,
        });
    }
    done += rows.length;
  }
}

async function jobs(knex: Knex, phi: PhiService): Promise<number> {
  let done = 0;
  for (;;) {
    const rows: Array<{ id: string; files: unknown }> = await knex('ingest_job')
      .select('id', 'files')
      .where('phi_encrypted', false)
      .limit(BATCH);
    if (rows.length === 0) return done;
    for (const row of rows) {
      const files = Array.isArray(row.files) ? encryptJobFiles(phi.cipher, row.files) : JSON.stringify(row.files);
      await knex('ingest_job').where('id', row.id).update({ files, phi_encrypted: true });
    }
    done += rows.length;
  }
}

/**
 * Encrypt the PHI of rows stored before migration 006 (SQL cannot encrypt). Runs once at start-up,
 * before the server takes traffic, so no ingest races it; rows are marked `phi_encrypted` as they
 * go, so an interrupted pass resumes where it stopped.
 */
export async function backfillPhi(db: Database, phi: PhiService): Promise<BackfillCounts> {
  const knex = db.knex;
  return {
    patients: await patients(knex, phi),
    studies: await studies(knex, phi),
    instances: await instances(knex, phi),
    jobs: await jobs(knex, phi),
  };
}
