import { wrapImageAsSecondaryCapture } from '@lucent/engine';
import { AppError, isDicomUid } from '@lucent/shared';
import type { Database } from '../../db/open-database.js';
import { PhiColumn } from '../../security/phi/phi-cipher.js';
import type { PhiService } from '../../security/phi/phi-service.js';
import { hasControlCharacters } from './upload-file-name.js';

export type ImageKind = 'jpeg' | 'png';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A JPEG or PNG upload, by its media type or its first bytes. */
export function imageKindOf(mimeType: string, head: Uint8Array): ImageKind | undefined {
  const type = mimeType.toLowerCase();
  if (type === 'image/jpeg' || type === 'image/jpg') return 'jpeg';
  if (type === 'image/png') return 'png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (PNG_SIGNATURE.every((byte, index) => head[index] === byte)) return 'png';
  return undefined;
}

/** Where a wrapped image goes: an existing (or new) study, or a new study for a patient. */
export interface ImageTarget {
  studyInstanceUid?: string;
  patientId?: string;
}

/** Fields a request may name them in (query parameters or multipart form fields). */
export const IMAGE_TARGET_FIELDS = new Set(['studyInstanceUid', 'patientId']);

// LO: at most 64 characters, no backslash or control characters.
const isPatientId = (value: string) => value.length <= 64 && !value.includes('\\') && !hasControlCharacters(value);

/** Read and check the target (first of the query, then the form). */
export function imageTargetOf(lookup: (name: string) => string | undefined): ImageTarget {
  const study = lookup('studyInstanceUid')?.trim() || undefined;
  const patient = lookup('patientId')?.trim() || undefined;
  if (study !== undefined && !isDicomUid(study)) {
    throw new AppError('INVALID_UID', { details: { parameter: 'studyInstanceUid' } });
  }
  if (patient !== undefined && !isPatientId(patient)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'patientId must be 1 to 64 characters without backslashes or control characters',
      details: { parameter: 'patientId' },
    });
  }
  return {
    ...(study === undefined ? {} : { studyInstanceUid: study }),
    ...(patient === undefined ? {} : { patientId: patient }),
  };
}

export const hasImageTarget = (target: ImageTarget) =>
  target.studyInstanceUid !== undefined || target.patientId !== undefined;

interface KnownStudy {
  patient_id: string | null;
  patient_name: string | null;
  accession_number: string | null;
}

export interface ImageWrapper {
  /**
   * Wrap a JPEG or PNG as a Secondary Capture instance of the target. An existing study lends its
   * patient and accession number; an existing patient lends their name. INVALID_IMAGE when it is neither.
   */
  wrap(
    image: Uint8Array,
    target: ImageTarget,
    placement: { seriesInstanceUid: string; instanceNumber: number },
    facilityId: string,
  ): Promise<Uint8Array>;
}

export function createImageWrapper(db: Database, phi: PhiService): ImageWrapper {
  const { cipher } = phi;
  const knex = () => db.knex;
  return {
    async wrap(image, target, placement, facilityId) {
      if (!hasImageTarget(target)) throw new AppError('STUDY_OR_PATIENT_REQUIRED');
      const study: KnownStudy | undefined =
        target.studyInstanceUid === undefined
          ? undefined
          : await knex()('study as s')
              .join('patient as p', 'p.id', 's.patient_id')
              .select('p.patient_id', 'p.patient_name', 's.accession_number')
              .where('s.study_instance_uid', target.studyInstanceUid)
              .andWhere('s.facility_id', facilityId)
              .first();
      if (study !== undefined) {
        study.patient_id = cipher.decrypt(study.patient_id, PhiColumn.patientId);
        study.patient_name = cipher.decrypt(study.patient_name, PhiColumn.patientName);
      }
      if (study !== undefined && target.patientId !== undefined && study.patient_id !== target.patientId) {
        throw new AppError('CONFLICT', { message: 'The study belongs to a different patient' });
      }
      const patient: { patient_name: string | null } | undefined =
        study === undefined && target.patientId !== undefined
          ? await knex()('patient')
              .select('patient_name')
              .where({ patient_key: phi.indexes.patientKey(`id::${target.patientId}`), facility_id: facilityId })
              .first()
          : undefined;
      const patientId = study?.patient_id ?? target.patientId;
      const patientName = study?.patient_name ?? cipher.decrypt(patient?.patient_name, PhiColumn.patientName);
      const capture = await wrapImageAsSecondaryCapture({
        image,
        ...(target.studyInstanceUid === undefined ? {} : { studyInstanceUid: target.studyInstanceUid }),
        seriesInstanceUid: placement.seriesInstanceUid,
        instanceNumber: placement.instanceNumber,
        seriesDescription: 'Uploaded images',
        ...(patientId === undefined || patientId === null ? {} : { patientId }),
        ...(patientName === undefined || patientName === null ? {} : { patientName }),
        ...(study?.accession_number == null ? {} : { accessionNumber: study.accession_number }),
      });
      return capture.bytes;
    },
  };
}
