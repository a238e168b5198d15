import { z } from 'zod';
import { FrameLocation } from '../dicom/dicom-metadata.schema.js';
import { DicomUid } from './dicom-uid.schema.js';

export const PatientSummary = z.object({
  patientId: z.string().nullable(),
  patientName: z.string().nullable(),
  birthDate: z.string().nullable(),
  sex: z.string().nullable(),
});
export type PatientSummary = z.infer<typeof PatientSummary>;

export const StudySummary = z.object({
  studyInstanceUid: DicomUid,
  studyDate: z.string().nullable(),
  studyTime: z.string().nullable(),
  accessionNumber: z.string().nullable(),
  description: z.string().nullable(),
  referringPhysicianName: z.string().nullable(),
  modalities: z.array(z.string()),
  numberOfSeries: z.number().int().nonnegative(),
  numberOfInstances: z.number().int().nonnegative(),
  patient: PatientSummary,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StudySummary = z.infer<typeof StudySummary>;

export const InstanceSummary = z.object({
  sopInstanceUid: DicomUid,
  sopClassUid: z.string().nullable(),
  instanceNumber: z.number().int().nullable(),
  transferSyntaxUid: z.string(),
  rows: z.number().int().nullable(),
  columns: z.number().int().nullable(),
  numberOfFrames: z.number().int().nonnegative(),
  fileSize: z.number().int().nonnegative(),
});
export type InstanceSummary = z.infer<typeof InstanceSummary>;

export const SeriesDetail = z.object({
  seriesInstanceUid: DicomUid,
  modality: z.string().nullable(),
  seriesNumber: z.number().int().nullable(),
  description: z.string().nullable(),
  bodyPartExamined: z.string().nullable(),
  numberOfInstances: z.number().int().nonnegative(),
  instances: z.array(InstanceSummary),
});
export type SeriesDetail = z.infer<typeof SeriesDetail>;

export const StudyDetail = StudySummary.extend({ series: z.array(SeriesDetail) });
export type StudyDetail = z.infer<typeof StudyDetail>;

export const InstanceDetail = InstanceSummary.extend({
  studyInstanceUid: DicomUid,
  seriesInstanceUid: DicomUid,
  sha256: z.string(),
  bitsAllocated: z.number().int().nullable(),
  bitsStored: z.number().int().nullable(),
  pixelRepresentation: z.number().int().nullable(),
  samplesPerPixel: z.number().int().nullable(),
  photometricInterpretation: z.string().nullable(),
  frames: z.array(FrameLocation),
  /** The parsed metadata model of the instance (see DicomMetadata), without frame locations. */
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type InstanceDetail = z.infer<typeof InstanceDetail>;

export const StudySortField = z.enum(['studyDate', 'createdAt', 'patientName', 'accessionNumber']);

/** A DICOM date (YYYYMMDD) or a range `from-to`, `from-`, `-to` as in QIDO-RS. */
export const DicomDateRange = z
  .string()
  .regex(/^(\d{8})?(-(\d{8})?)?$/, 'expected YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD')
  .refine((value) => value !== '' && value !== '-', 'empty date range');

export const StudySearchInput = z.object({
  patientId: z.string().max(64).optional(),
  /** Case-insensitive; `*` and `?` are wildcards. */
  patientName: z.string().max(128).optional(),
  studyDate: DicomDateRange.optional(),
  accessionNumber: z.string().max(64).optional(),
  modality: z.string().max(16).optional(),
  studyInstanceUid: DicomUid.optional(),
  sort: z
    .object({ field: StudySortField.default('studyDate'), direction: z.enum(['asc', 'desc']).default('desc') })
    .default({ field: 'studyDate', direction: 'desc' }),
  limit: z.number().int().min(1).max(1000).default(50),
  offset: z.number().int().min(0).default(0),
});
export type StudySearchInput = z.input<typeof StudySearchInput>;
export type StudySearch = z.infer<typeof StudySearchInput>;

export const StudySearchResult = z.object({
  total: z.number().int().nonnegative(),
  limit: z.number().int(),
  offset: z.number().int(),
  items: z.array(StudySummary),
});
export type StudySearchResult = z.infer<typeof StudySearchResult>;
