import { dicomDate, dicomTime } from '../dicom-write/dicom-date-time.js';
import type { DicomElement } from '../dicom-write/dicom-element.js';
import { elementsOf } from '../dicom-write/dictionary.js';
import { LUCENT_IMPLEMENTATION_VERSION_NAME } from '../dicom-write/uid.js';

/** Everything shared by the instances of one generated study. */
export interface DemoStudy {
  studyInstanceUid: string;
  date: Date;
  description: string;
  accessionNumber: string;
  studyId: string;
  /** Makes a fresh UID (seeded when the run is). */
  uid: () => string;
}

export interface DemoSeries {
  seriesInstanceUid: string;
  modality: string;
  seriesNumber: number;
  description: string;
}

/** An obviously fake patient: no real patient data is ever generated. */
export const demoPatient = {
  PatientName: 'PHANTOM^DEMO^^^SYNTHETIC',
  PatientID: 'LUCENT-DEMO-0001',
  PatientBirthDate: '',
  PatientSex: 'O',
  PatientIdentityRemoved: 'YES',
  DeidentificationMethod: 'Synthetic phantom, never a patient',
} as const;

/** Patient, study, series and equipment attributes of one instance (no pixel module). */
export function commonElements(study: DemoStudy, series: DemoSeries, instanceNumber: number): DicomElement[] {
  const date = dicomDate(study.date);
  const time = dicomTime(study.date);
  return elementsOf({
    ...demoPatient,
    StudyInstanceUID: study.studyInstanceUid,
    StudyDate: date,
    StudyTime: time,
    StudyDescription: study.description,
    AccessionNumber: study.accessionNumber,
    StudyID: study.studyId,
    ReferringPhysicianName: '',
    SeriesInstanceUID: series.seriesInstanceUid,
    SeriesDate: date,
    SeriesTime: time,
    SeriesDescription: series.description,
    SeriesNumber: series.seriesNumber,
    Modality: series.modality,
    ContentDate: date,
    ContentTime: time,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    InstanceNumber: instanceNumber,
    Manufacturer: 'Lucent (synthetic data)',
    ManufacturerModelName: 'Demo generator',
    SoftwareVersions: LUCENT_IMPLEMENTATION_VERSION_NAME,
    InstitutionName: 'Synthetic phantom - no patient',
  });
}
