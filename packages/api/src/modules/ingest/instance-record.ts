import { AppError, type DicomMetadata, isDicomUid } from '@lucent/shared';

/** The identifying UIDs of an instance, validated (they become storage keys and DB keys). */
export interface InstanceUids {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
}

export function instanceUidsOf(metadata: DicomMetadata): InstanceUids {
  const uids = {
    studyInstanceUid: metadata.study.studyInstanceUid?.trim(),
    seriesInstanceUid: metadata.series.seriesInstanceUid?.trim(),
    sopInstanceUid: metadata.instance.sopInstanceUid?.trim(),
  };
  for (const [name, value] of Object.entries(uids)) {
    if (value === undefined || value === '') {
      throw new AppError('INVALID_DICOM', { message: `The dataset has no ${name}`, details: { attribute: name } });
    }
    if (!isDicomUid(value)) {
      throw new AppError('INVALID_UID', {
        message: `The dataset's ${name} is malformed`,
        details: { attribute: name },
      });
    }
  }
  return uids as InstanceUids;
}

/** Storage key: UIDs are digits and dots only (checked), and the content hash keeps versions apart. */
export function storageKeyFor(uids: InstanceUids, sha256: string): string {
  return `studies/${uids.studyInstanceUid}/${uids.seriesInstanceUid}/${uids.sopInstanceUid}.${sha256.slice(0, 16)}.dcm`;
}

/** Patient identity: Patient ID with its issuer; without a Patient ID, a patient per study. */
export function patientKeyOf(metadata: DicomMetadata, studyInstanceUid: string): string {
  const id = metadata.patient.patientId?.trim();
  if (id === undefined || id === '') return `study:${studyInstanceUid}`;
  return `id:${metadata.patient.issuerOfPatientId?.trim() ?? ''}:${id}`;
}

export const textOrNull = (value: string | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
};

export const intOrNull = (value: number | undefined): number | null =>
  value === undefined || !Number.isFinite(value) ? null : Math.trunc(value);
