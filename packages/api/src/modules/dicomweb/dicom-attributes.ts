import { type DicomJsonAttribute, type DicomJsonDataset, type DicomJsonValue, tagOfKeyword } from '@lucent/engine';

/** The attributes QIDO-RS matches on and returns, by keyword (PS3.18 Table 10.6.1-5, 6.7.1-2). */
export const Tag = {
  SpecificCharacterSet: '00080005',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  StudyDate: '00080020',
  SeriesDate: '00080021',
  StudyTime: '00080030',
  SeriesTime: '00080031',
  AccessionNumber: '00080050',
  InstanceAvailability: '00080056',
  Modality: '00080060',
  ModalitiesInStudy: '00080061',
  ReferringPhysicianName: '00080090',
  TimezoneOffsetFromUTC: '00080201',
  StudyDescription: '00081030',
  SeriesDescription: '0008103E',
  RetrieveURL: '00081190',
  FailedSOPSequence: '00081198',
  ReferencedSOPSequence: '00081199',
  ReferencedSOPClassUID: '00081150',
  ReferencedSOPInstanceUID: '00081155',
  FailureReason: '00081197',
  WarningReason: '00081196',
  PatientName: '00100010',
  PatientID: '00100020',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  BodyPartExamined: '00180015',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  StudyID: '00200010',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  NumberOfStudyRelatedSeries: '00201206',
  NumberOfStudyRelatedInstances: '00201208',
  NumberOfSeriesRelatedInstances: '00201209',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
  BitsAllocated: '00280100',
  PerformedProcedureStepStartDate: '00400244',
  PerformedProcedureStepStartTime: '00400245',
  AvailableTransferSyntaxUID: '00083002',
} as const;

const keywordTags = new Map<string, string>(Object.entries(Tag).map(([keyword, tag]) => [keyword.toLowerCase(), tag]));

/** A tag given as 8 hex digits or as a PS3.6 keyword (case-insensitive); undefined when neither. */
export async function tagOf(name: string): Promise<string | undefined> {
  if (/^[0-9A-Fa-f]{8}$/.test(name)) return name.toUpperCase();
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) return undefined;
  return keywordTags.get(name.toLowerCase()) ?? (await tagOfKeyword(name));
}

/** An attribute with zero or more values; empty (Type 2: present, no value) when none. */
export function attribute(vr: string, values: Array<DicomJsonValue | undefined>): DicomJsonAttribute {
  const present = values.filter(
    (value): value is DicomJsonValue => value !== undefined && value !== null && value !== '',
  );
  return present.length === 0 ? { vr } : { vr, Value: present };
}

export const text = (vr: string, value: string | null | undefined): DicomJsonAttribute =>
  attribute(vr, [value ?? undefined]);

export const number = (vr: string, value: number | null | undefined): DicomJsonAttribute =>
  attribute(vr, [value ?? undefined]);

/** A stored PN string (`Alphabetic=Ideographic=Phonetic`) in the JSON model. */
export function personName(value: string | null | undefined): DicomJsonAttribute {
  if (value === null || value === undefined || value === '') return { vr: 'PN' };
  const [alphabetic, ideographic, phonetic] = value.split('=');
  const name = {
    ...(alphabetic ? { Alphabetic: alphabetic } : {}),
    ...(ideographic ? { Ideographic: ideographic } : {}),
    ...(phonetic ? { Phonetic: phonetic } : {}),
  };
  return Object.keys(name).length === 0 ? { vr: 'PN' } : { vr: 'PN', Value: [name] };
}

/** A data set with its keys in tag order (the model's conventional order). */
export function sortedDataset(dataset: DicomJsonDataset): DicomJsonDataset {
  const sorted: DicomJsonDataset = {};
  for (const tag of Object.keys(dataset).sort()) sorted[tag] = dataset[tag] as DicomJsonAttribute;
  return sorted;
}
