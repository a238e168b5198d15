import type { DicomMetadata } from '@lucent/shared';
import { PhiColumn } from '../../security/phi/phi-cipher.js';
import type { PatientIndexes } from '../../security/phi/phi-indexes.js';
import { encryptDicomJson, encryptMetadata } from '../../security/phi/phi-records.js';
import type { PhiService } from '../../security/phi/phi-service.js';
import { patientKeyOf, textOrNull } from './instance-record.js';

/** What an instance row stores of its PHI: tokens and blind indexes only (security/phi). */
export interface ProtectedColumns {
  patient: PatientIndexes & {
    patient_key: string;
    patient_id: string | null;
    patient_name: string | null;
    issuer_of_patient_id: string | null;
    birth_date: string | null;
  };
  referringPhysicianName: string | null;
  /** DicomMetadata with its PHI values as tokens. */
  metadata: DicomMetadata;
  /** The DICOM JSON as one token (JSON text of a string), or null. */
  dicomJson: string | null;
}

/** Encrypt and index an instance's PHI before its rows are written (the index HMACs run in the engine). */
export async function protectedColumnsOf(
  phi: PhiService,
  metadata: DicomMetadata,
  studyInstanceUid: string,
  dicomJson: Record<string, unknown> | null,
): Promise<ProtectedColumns> {
  const { cipher } = phi;
  const patientId = textOrNull(metadata.patient.patientId);
  const patientName = textOrNull(metadata.patient.patientName);
  const indexes = await phi.indexes.patientIndexes(patientId, patientName);
  return {
    patient: {
      patient_key: phi.indexes.patientKey(patientKeyOf(metadata, studyInstanceUid)),
      patient_id: cipher.encryptNullable(patientId, PhiColumn.patientId),
      patient_name: cipher.encryptNullable(patientName, PhiColumn.patientName),
      issuer_of_patient_id: cipher.encryptNullable(
        textOrNull(metadata.patient.issuerOfPatientId),
        PhiColumn.issuerOfPatientId,
      ),
      birth_date: cipher.encryptNullable(textOrNull(metadata.patient.patientBirthDate), PhiColumn.birthDate),
      ...indexes,
    },
    referringPhysicianName: cipher.encryptNullable(
      textOrNull(metadata.study.referringPhysicianName),
      PhiColumn.referringPhysicianName,
    ),
    metadata: encryptMetadata(cipher, metadata),
    dicomJson: dicomJson === null ? null : encryptDicomJson(cipher, dicomJson),
  };
}
