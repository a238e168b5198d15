import type { DicomJsonAttribute, DicomJsonDataset } from '@lucent/engine';
import type { StudyRow } from '../studies/study-rows.js';
import { attribute, number, personName, sortedDataset, Tag, text } from './dicom-attributes.js';

/** Attributes a study-level `includefield=all` adds from the study's first instance. */
const STUDY_LEVEL = new Set<string>([
  '00080020',
  '00080030',
  '00080050',
  '00080051',
  '00080090',
  '00080096',
  '0008009C',
  '00081030',
  '00081032',
  '00081048',
  '00081049',
  '00081060',
  '00081062',
  '00081080',
  '0020000D',
  '00200010',
  '00321032',
  '00321033',
  '00321060',
  '00321064',
  '00401001',
  '00401002',
]);
const SERIES_LEVEL = new Set<string>([
  '00080021',
  '00080031',
  '00080060',
  '00080070',
  '00080080',
  '00081010',
  '0008103E',
  '00081040',
  '00081050',
  '00081070',
  '00081090',
  '00081111',
  '00180015',
  '00181030',
  '00185100',
  '0020000E',
  '00200011',
  '00200060',
  '00400244',
  '00400245',
  '00400253',
  '00400254',
  '00400275',
]);

const isStudyLevel = (tag: string) => tag.startsWith('0010') || STUDY_LEVEL.has(tag);

/** Add the requested attributes from a representative instance's DICOM JSON (computed ones win). */
function withIncluded(
  computed: DicomJsonDataset,
  source: DicomJsonDataset | null | undefined,
  include: Set<string> | 'all',
  levelFilter: ((tag: string) => boolean) | undefined,
): DicomJsonDataset {
  if (source === null || source === undefined) return sortedDataset(computed);
  const extra: DicomJsonDataset = {};
  if (include === 'all') {
    for (const [tag, value] of Object.entries(source))
      if (levelFilter === undefined || levelFilter(tag)) extra[tag] = value;
  } else {
    for (const tag of include) {
      const value = source[tag];
      if (value !== undefined) extra[tag] = value;
    }
  }
  return sortedDataset({ ...extra, ...computed });
}

const retrieveUrl = (url: string): DicomJsonAttribute => ({ vr: 'UR', Value: [url] });
/** Values come from the database as UTF-8 text. */
const CHARSET: DicomJsonAttribute = { vr: 'CS', Value: ['ISO_IR 192'] };

export function studyResult(
  row: StudyRow,
  representative: { studyId: string | null; dicomJson: DicomJsonDataset | null } | undefined,
  include: Set<string> | 'all',
  baseUrl: string,
): DicomJsonDataset {
  const computed: DicomJsonDataset = {
    [Tag.SpecificCharacterSet]: CHARSET,
    [Tag.StudyDate]: text('DA', row.study_date),
    [Tag.StudyTime]: text('TM', row.study_time),
    [Tag.AccessionNumber]: text('SH', row.accession_number),
    [Tag.InstanceAvailability]: text('CS', 'ONLINE'),
    [Tag.ModalitiesInStudy]: attribute('CS', row.modalities),
    [Tag.ReferringPhysicianName]: personName(row.referring_physician_name),
    [Tag.StudyDescription]: text('LO', row.description),
    [Tag.RetrieveURL]: retrieveUrl(`${baseUrl}/studies/${row.study_instance_uid}`),
    [Tag.PatientName]: personName(row.patient_name),
    [Tag.PatientID]: text('LO', row.patient_id),
    [Tag.PatientBirthDate]: text('DA', row.birth_date),
    [Tag.PatientSex]: text('CS', row.sex),
    [Tag.StudyInstanceUID]: text('UI', row.study_instance_uid),
    [Tag.StudyID]: text('SH', representative?.studyId),
    [Tag.NumberOfStudyRelatedSeries]: number('IS', row.number_of_series),
    [Tag.NumberOfStudyRelatedInstances]: number('IS', row.number_of_instances),
  };
  return withIncluded(computed, representative?.dicomJson, include, isStudyLevel);
}

export interface SeriesResultRow {
  id: string;
  series_instance_uid: string;
  modality: string | null;
  series_number: number | null;
  description: string | null;
  body_part_examined: string | null;
  number_of_instances: number;
  study_instance_uid: string;
}

export function seriesResult(
  row: SeriesResultRow,
  dicomJson: DicomJsonDataset | null,
  include: Set<string> | 'all',
  baseUrl: string,
): DicomJsonDataset {
  const computed: DicomJsonDataset = {
    [Tag.SpecificCharacterSet]: CHARSET,
    [Tag.Modality]: text('CS', row.modality),
    [Tag.SeriesDescription]: text('LO', row.description),
    [Tag.BodyPartExamined]: text('CS', row.body_part_examined),
    [Tag.StudyInstanceUID]: text('UI', row.study_instance_uid),
    [Tag.SeriesInstanceUID]: text('UI', row.series_instance_uid),
    [Tag.SeriesNumber]: number('IS', row.series_number),
    [Tag.NumberOfSeriesRelatedInstances]: number('IS', row.number_of_instances),
    [Tag.RetrieveURL]: retrieveUrl(`${baseUrl}/studies/${row.study_instance_uid}/series/${row.series_instance_uid}`),
  };
  return withIncluded(computed, dicomJson, include, (tag) => SERIES_LEVEL.has(tag));
}

export interface InstanceResultRow {
  sop_instance_uid: string;
  sop_class_uid: string | null;
  instance_number: number | null;
  rows: number | null;
  columns: number | null;
  bits_allocated: number | null;
  number_of_frames: number;
  transfer_syntax_uid: string;
  series_instance_uid: string;
  modality: string | null;
  series_number: number | null;
  study_instance_uid: string;
  dicom_json?: DicomJsonDataset | null;
}

export function instanceResult(
  row: InstanceResultRow,
  include: Set<string> | 'all',
  baseUrl: string,
): DicomJsonDataset {
  const path = `studies/${row.study_instance_uid}/series/${row.series_instance_uid}/instances/${row.sop_instance_uid}`;
  const computed: DicomJsonDataset = {
    [Tag.SpecificCharacterSet]: CHARSET,
    [Tag.SOPClassUID]: text('UI', row.sop_class_uid),
    [Tag.SOPInstanceUID]: text('UI', row.sop_instance_uid),
    [Tag.InstanceAvailability]: text('CS', 'ONLINE'),
    [Tag.Modality]: text('CS', row.modality),
    [Tag.AvailableTransferSyntaxUID]: text('UI', row.transfer_syntax_uid),
    [Tag.RetrieveURL]: retrieveUrl(`${baseUrl}/${path}`),
    [Tag.StudyInstanceUID]: text('UI', row.study_instance_uid),
    [Tag.SeriesInstanceUID]: text('UI', row.series_instance_uid),
    [Tag.SeriesNumber]: number('IS', row.series_number),
    [Tag.InstanceNumber]: number('IS', row.instance_number),
    ...(row.rows === null ? {} : { [Tag.Rows]: number('US', row.rows) }),
    ...(row.columns === null ? {} : { [Tag.Columns]: number('US', row.columns) }),
    ...(row.bits_allocated === null ? {} : { [Tag.BitsAllocated]: number('US', row.bits_allocated) }),
    ...(row.number_of_frames > 0 ? { [Tag.NumberOfFrames]: number('IS', row.number_of_frames) } : {}),
  };
  return withIncluded(computed, row.dicom_json, include, undefined);
}
