import { z } from 'zod';

/** Numbers that DICOM stores as DS/IS with possibly several values (e.g. Window Center). */
const numberList = z.array(z.number());

export const PatientModule = z.object({
  patientName: z.string().optional(),
  patientId: z.string().optional(),
  issuerOfPatientId: z.string().optional(),
  patientBirthDate: z.string().optional(),
  patientSex: z.string().optional(),
  patientAge: z.string().optional(),
});
export type PatientModule = z.infer<typeof PatientModule>;

export const StudyModule = z.object({
  studyInstanceUid: z.string().optional(),
  studyId: z.string().optional(),
  studyDate: z.string().optional(),
  studyTime: z.string().optional(),
  studyDescription: z.string().optional(),
  accessionNumber: z.string().optional(),
  referringPhysicianName: z.string().optional(),
});
export type StudyModule = z.infer<typeof StudyModule>;

export const SeriesModule = z.object({
  seriesInstanceUid: z.string().optional(),
  seriesNumber: z.number().optional(),
  seriesDate: z.string().optional(),
  seriesTime: z.string().optional(),
  seriesDescription: z.string().optional(),
  modality: z.string().optional(),
  bodyPartExamined: z.string().optional(),
  frameOfReferenceUid: z.string().optional(),
});
export type SeriesModule = z.infer<typeof SeriesModule>;

export const InstanceModule = z.object({
  sopClassUid: z.string().optional(),
  sopInstanceUid: z.string().optional(),
  instanceNumber: z.number().optional(),
  contentDate: z.string().optional(),
  contentTime: z.string().optional(),
  acquisitionDateTime: z.string().optional(),
  imageType: z.array(z.string()).optional(),
  specificCharacterSet: z.array(z.string()).optional(),
  transferSyntaxUid: z.string(),
  /** Whether the input had a file meta group (Part 10; with or without the 128-byte preamble). */
  hasFileMeta: z.boolean(),
});
export type InstanceModule = z.infer<typeof InstanceModule>;

export const EquipmentModule = z.object({
  manufacturer: z.string().optional(),
  manufacturerModelName: z.string().optional(),
  institutionName: z.string().optional(),
  stationName: z.string().optional(),
  softwareVersions: z.array(z.string()).optional(),
});
export type EquipmentModule = z.infer<typeof EquipmentModule>;

export const PhotometricInterpretation = z.string();

export const ImagePixelModule = z.object({
  rows: z.number().int().nonnegative(),
  columns: z.number().int().nonnegative(),
  samplesPerPixel: z.number().int().positive(),
  bitsAllocated: z.number().int().positive(),
  bitsStored: z.number().int().positive(),
  highBit: z.number().int().nonnegative(),
  pixelRepresentation: z.union([z.literal(0), z.literal(1)]),
  photometricInterpretation: PhotometricInterpretation,
  planarConfiguration: z.union([z.literal(0), z.literal(1)]),
  numberOfFrames: z.number().int().positive(),
  pixelSpacing: numberList.optional(),
  sliceThickness: z.number().optional(),
  imagePositionPatient: numberList.optional(),
  imageOrientationPatient: numberList.optional(),
  rescaleSlope: z.number().optional(),
  rescaleIntercept: z.number().optional(),
  rescaleType: z.string().optional(),
  windowCenter: numberList.optional(),
  windowWidth: numberList.optional(),
  voiLutFunction: z.string().optional(),
  hasModalityLutSequence: z.boolean(),
  hasVoiLutSequence: z.boolean(),
  hasPaletteColorLut: z.boolean(),
  smallestImagePixelValue: z.number().optional(),
  largestImagePixelValue: z.number().optional(),
  pixelPaddingValue: z.number().optional(),
});
export type ImagePixelModule = z.infer<typeof ImagePixelModule>;

/** One frame's entry of the (Shared and) Per-frame Functional Groups, flattened to what imaging needs. */
export const FrameFunctionalGroup = z.object({
  rescaleSlope: z.number().optional(),
  rescaleIntercept: z.number().optional(),
  windowCenter: numberList.optional(),
  windowWidth: numberList.optional(),
  voiLutFunction: z.string().optional(),
  imagePositionPatient: numberList.optional(),
  imageOrientationPatient: numberList.optional(),
  pixelSpacing: numberList.optional(),
  sliceThickness: z.number().optional(),
});
export type FrameFunctionalGroup = z.infer<typeof FrameFunctionalGroup>;

/** Where one frame's bytes live, so a caller can read only that frame later. */
export const FrameLocation = z.object({
  /** Byte offset of the frame's first byte (native) or its first fragment item header (encapsulated). */
  offset: z.number().int().nonnegative(),
  /** Length in bytes of the span, item headers included for encapsulated data. */
  length: z.number().int().nonnegative(),
  /** Encapsulated only: each fragment's value (offset past its 8-byte item header, and length). */
  fragments: z
    .array(z.object({ offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() }))
    .optional(),
  /** Native 1-bit data: bit offset of the frame's first pixel within the byte at `offset`. */
  bitOffset: z.number().int().min(0).max(7).optional(),
});
export type FrameLocation = z.infer<typeof FrameLocation>;

export const DicomMetadata = z.object({
  patient: PatientModule,
  study: StudyModule,
  series: SeriesModule,
  instance: InstanceModule,
  equipment: EquipmentModule,
  /** Absent when the dataset has no Image Pixel module / Pixel Data. */
  image: ImagePixelModule.optional(),
  sharedFunctionalGroup: FrameFunctionalGroup.optional(),
  perFrameFunctionalGroups: z.array(FrameFunctionalGroup).optional(),
  pixelData: z
    .object({
      encapsulated: z.boolean(),
      /**
       * `file`: offsets index the bytes given to the parser. `inflated`: the transfer syntax is
       * deflated, offsets index the inflated dataset (read the whole file to get a frame).
       */
      offsetBase: z.enum(['file', 'inflated']),
      offsetTable: z.enum(['basic', 'extended', 'none', 'native']),
      frames: z.array(FrameLocation),
    })
    .optional(),
});
export type DicomMetadata = z.infer<typeof DicomMetadata>;
