import type { FrameLocation } from '@lucent/shared';
import { BigIntType, EntitySchema } from '@mikro-orm/core';
import { Facility, FacilitySchema, UserSchema } from './user-entities.js';

/** A patient, keyed by Patient ID and issuer (or, without a Patient ID, by the study that names them). */
export class Patient {
  id!: string;
  patientKey!: string;
  facility!: Facility;
  patientId!: string | null;
  patientName!: string | null;
  birthDate!: string | null;
  sex!: string | null;
  createdAt!: Date;
}

export class Study {
  id!: string;
  studyInstanceUid!: string;
  patient!: Patient;
  facility!: Facility;
  /** Study ID (0020,0010). */
  studyId!: string | null;
  studyDate!: string | null;
  studyTime!: string | null;
  accessionNumber!: string | null;
  description!: string | null;
  referringPhysicianName!: string | null;
  modalities!: string[];
  numberOfSeries!: number;
  numberOfInstances!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

export class Series {
  id!: string;
  seriesInstanceUid!: string;
  study!: Study;
  modality!: string | null;
  seriesNumber!: number | null;
  description!: string | null;
  bodyPartExamined!: string | null;
  numberOfInstances!: number;
  createdAt!: Date;
}

export class Instance {
  id!: string;
  sopInstanceUid!: string;
  series!: Series;
  study!: Study;
  sopClassUid!: string | null;
  instanceNumber!: number | null;
  transferSyntaxUid!: string;
  rows!: number | null;
  columns!: number | null;
  bitsAllocated!: number | null;
  bitsStored!: number | null;
  pixelRepresentation!: number | null;
  samplesPerPixel!: number | null;
  photometricInterpretation!: string | null;
  numberOfFrames!: number;
  /** Each frame's bytes in the stored file (offsets into the file unless pixelOffsetBase is 'inflated'). */
  frames!: FrameLocation[];
  pixelOffsetBase!: string | null;
  /** DicomMetadata without the frame table. */
  metadata!: Record<string, unknown>;
  /** The DICOM JSON model (PS3.18 F.2) without bulk data, for WADO-RS metadata. */
  dicomJson!: Record<string, unknown> | null;
  storageKey!: string;
  fileSize!: number;
  sha256!: string;
  createdAt!: Date;
  updatedAt!: Date;
}

export class IngestJob {
  id!: string;
  kind!: string;
  status!: string;
  total!: number;
  processed!: number;
  stored!: number;
  duplicates!: number;
  failed!: number;
  files!: unknown[];
  error!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
  finishedAt!: Date | null;
}

const createdAt = { type: 'Date', fieldName: 'created_at', onCreate: () => new Date() } as const;

export const PatientSchema = new EntitySchema<Patient>({
  class: Patient,
  tableName: 'patient',
  properties: {
    id: { type: 'uuid', primary: true },
    patientKey: { type: 'string' },
    facility: { kind: 'm:1', entity: () => Facility },
    patientId: { type: 'string', nullable: true },
    patientName: { type: 'string', nullable: true },
    birthDate: { type: 'string', nullable: true },
    sex: { type: 'string', nullable: true },
    createdAt,
  },
});

export const StudySchema = new EntitySchema<Study>({
  class: Study,
  tableName: 'study',
  properties: {
    id: { type: 'uuid', primary: true },
    studyInstanceUid: { type: 'string', unique: true },
    patient: { kind: 'm:1', entity: () => Patient },
    facility: { kind: 'm:1', entity: () => Facility },
    studyId: { type: 'string', nullable: true, fieldName: 'study_id' },
    studyDate: { type: 'string', nullable: true },
    studyTime: { type: 'string', nullable: true },
    accessionNumber: { type: 'string', nullable: true },
    description: { type: 'string', nullable: true },
    referringPhysicianName: { type: 'string', nullable: true },
    modalities: { type: 'string[]' },
    numberOfSeries: { type: 'integer' },
    numberOfInstances: { type: 'integer' },
    createdAt,
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});

export const SeriesSchema = new EntitySchema<Series>({
  class: Series,
  tableName: 'series',
  properties: {
    id: { type: 'uuid', primary: true },
    seriesInstanceUid: { type: 'string', unique: true },
    study: { kind: 'm:1', entity: () => Study },
    modality: { type: 'string', nullable: true },
    seriesNumber: { type: 'integer', nullable: true },
    description: { type: 'string', nullable: true },
    bodyPartExamined: { type: 'string', nullable: true },
    numberOfInstances: { type: 'integer' },
    createdAt,
  },
});

export const InstanceSchema = new EntitySchema<Instance>({
  class: Instance,
  tableName: 'instance',
  properties: {
    id: { type: 'uuid', primary: true },
    sopInstanceUid: { type: 'string', unique: true },
    series: { kind: 'm:1', entity: () => Series },
    study: { kind: 'm:1', entity: () => Study },
    sopClassUid: { type: 'string', nullable: true },
    instanceNumber: { type: 'integer', nullable: true },
    transferSyntaxUid: { type: 'string' },
    rows: { type: 'integer', nullable: true },
    columns: { type: 'integer', nullable: true },
    bitsAllocated: { type: 'integer', nullable: true },
    bitsStored: { type: 'integer', nullable: true },
    pixelRepresentation: { type: 'integer', nullable: true },
    samplesPerPixel: { type: 'integer', nullable: true },
    photometricInterpretation: { type: 'string', nullable: true },
    numberOfFrames: { type: 'integer' },
    frames: { type: 'json' },
    pixelOffsetBase: { type: 'string', nullable: true },
    metadata: { type: 'json' },
    dicomJson: { type: 'json', nullable: true, lazy: true },
    storageKey: { type: 'string' },
    fileSize: { type: new BigIntType('number') },
    sha256: { type: 'string' },
    createdAt,
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});

export const IngestJobSchema = new EntitySchema<IngestJob>({
  class: IngestJob,
  tableName: 'ingest_job',
  properties: {
    id: { type: 'uuid', primary: true },
    kind: { type: 'string' },
    status: { type: 'string' },
    total: { type: 'integer' },
    processed: { type: 'integer' },
    stored: { type: 'integer' },
    duplicates: { type: 'integer' },
    failed: { type: 'integer' },
    files: { type: 'json' },
    error: { type: 'string', nullable: true },
    createdAt,
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
    finishedAt: { type: 'Date', nullable: true },
  },
});

export const entitySchemas = [
  PatientSchema,
  StudySchema,
  SeriesSchema,
  InstanceSchema,
  IngestJobSchema,
  FacilitySchema,
  UserSchema,
];
