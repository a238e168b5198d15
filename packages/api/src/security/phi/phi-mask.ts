import type { InstanceDetail, StudyDetail, StudySummary } from '@lucent/shared';
import type { AuthContext } from '../auth-context.js';

/** What a caller without `phi:read` sees instead of a name or an identifier. */
export const MASK = '***';

/**
 * Whether a response may carry patient identifiers: callers holding `phi:read` (system_admin,
 * facility_admin, radiologist, radiographer, doctor, nurse) see them; `viewer` sees them masked.
 * A null auth (no authentication middleware yet, before the auth branch is merged) is unmasked so
 * the existing tests keep passing; once every route requires a permission, a null auth never
 * reaches these routes.
 */
export function mayReadPhi(auth: AuthContext | null | undefined): boolean {
  return auth === null || auth === undefined || auth.permissions.has('phi:read');
}

const masked = (value: string | null): string | null => (value === null ? null : MASK);

export function maskStudySummary<T extends StudySummary>(study: T): T {
  return {
    ...study,
    referringPhysicianName: masked(study.referringPhysicianName),
    patient: {
      ...study.patient,
      patientId: masked(study.patient.patientId),
      patientName: masked(study.patient.patientName),
      birthDate: null,
    },
  };
}

export const maskStudyDetail = (study: StudyDetail): StudyDetail => maskStudySummary(study);

type Json = Record<string, unknown>;

export function maskInstanceDetail(instance: InstanceDetail): InstanceDetail {
  const metadata = instance.metadata as Json;
  const patient = (metadata.patient ?? {}) as Json;
  const study = (metadata.study ?? {}) as Json;
  const { patientBirthDate: _birth, patientAge: _age, issuerOfPatientId: _issuer, ...keptPatient } = patient;
  return {
    ...instance,
    metadata: {
      ...metadata,
      patient: {
        ...keptPatient,
        ...(typeof patient.patientName === 'string' ? { patientName: MASK } : {}),
        ...(typeof patient.patientId === 'string' ? { patientId: MASK } : {}),
      },
      study: {
        ...study,
        ...(typeof study.referringPhysicianName === 'string' ? { referringPhysicianName: MASK } : {}),
      },
    },
  } as InstanceDetail;
}

/** DICOM JSON attributes replaced by a mask (names, the Patient ID). */
const MASKED_TAGS: Record<string, 'PN' | 'LO'> = {
  '00100010': 'PN', // Patient's Name
  '00100020': 'LO', // Patient ID
  '00080090': 'PN', // Referring Physician's Name
};
/** DICOM JSON attributes dropped: other identifiers, birth, contact and relatives' data, other physicians. */
const DROPPED_TAGS = new Set([
  '00100021', // Issuer of Patient ID
  '00100024', // Issuer of Patient ID Qualifiers Sequence
  '00100030', // Patient's Birth Date
  '00100032', // Patient's Birth Time
  '00100050', // Patient's Insurance Plan Code Sequence
  '00101000', // Other Patient IDs
  '00101001', // Other Patient Names
  '00101002', // Other Patient IDs Sequence
  '00101005', // Patient's Birth Name
  '00101010', // Patient's Age
  '00101040', // Patient's Address
  '00101060', // Patient's Mother's Birth Name
  '00101080', // Military Rank
  '00101090', // Medical Record Locator
  '00102154', // Patient's Telephone Numbers
  '00102155', // Patient's Telecom Information
  '00102160', // Ethnic Group
  '00102180', // Occupation
  '001021B0', // Additional Patient History
  '00104000', // Patient Comments
  '00081048', // Physician(s) of Record
  '00081050', // Performing Physician's Name
  '00081060', // Name of Physician(s) Reading Study
  '00081070', // Operators' Name
  '00321032', // Requesting Physician
]);

export function maskDicomJson(dataset: Json): Json {
  const copy: Json = {};
  for (const [tag, value] of Object.entries(dataset)) {
    if (DROPPED_TAGS.has(tag)) continue;
    const vr = MASKED_TAGS[tag];
    const present = (value as { Value?: unknown[] } | null)?.Value !== undefined;
    if (vr === undefined || !present) copy[tag] = value;
    else copy[tag] = vr === 'PN' ? { vr, Value: [{ Alphabetic: MASK }] } : { vr, Value: [MASK] };
  }
  return copy;
}

/** A WADO-RS metadata body (a JSON array of DICOM JSON data sets) with every data set masked. */
export function maskDicomJsonArrayText(text: string): string {
  return JSON.stringify((JSON.parse(text) as Json[]).map(maskDicomJson));
}
