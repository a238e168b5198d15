import { TransferSyntax } from '../dicom/transfer-syntax.js';
import { dicomDate, dicomTime } from './dicom-date-time.js';
import { elementsOf } from './dictionary.js';
import { encapsulatedPixelData, imagePixelElements, nativePixelData } from './pixel-data.js';
import { SopClass } from './sop-class.js';
import { readSourceImage } from './source-image.js';
import { generateUid } from './uid.js';
import { writeDicomFile } from './write-part10.js';

export interface SecondaryCaptureInput {
  /** JPEG or PNG bytes. */
  image: Uint8Array;
  /** The study to add the image to; a new study when absent. */
  studyInstanceUid?: string;
  /** Default: a new series. */
  seriesInstanceUid?: string;
  /** Default: a new instance UID. */
  sopInstanceUid?: string;
  patientId?: string;
  patientName?: string;
  accessionNumber?: string;
  studyDescription?: string;
  seriesDescription?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  /** Content (and, for a new study, study) date and time; default now. */
  date?: Date;
}

export interface SecondaryCapture {
  bytes: Uint8Array;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  transferSyntaxUid: string;
  rows: number;
  columns: number;
  photometricInterpretation: string;
  /** `encapsulated`: the JPEG stored as it came; `decoded`: pixels stored native. */
  storage: 'encapsulated' | 'decoded';
}

/**
 * Wrap a JPEG or PNG as a DICOM Secondary Capture Image Storage instance (PS3.3 A.8.1): Conversion
 * Type WSD, modality OT. A baseline 8-bit JPEG is encapsulated as it is (JPEG Baseline transfer
 * syntax, MONOCHROME2 or YBR_FULL_422); other JPEGs and PNGs are stored as 8-bit native pixels
 * (Explicit VR Little Endian, MONOCHROME2 or RGB). Not an image: INVALID_IMAGE.
 */
export async function wrapImageAsSecondaryCapture(input: SecondaryCaptureInput): Promise<SecondaryCapture> {
  const source = await readSourceImage(input.image);
  const date = input.date ?? new Date();
  const studyInstanceUid = input.studyInstanceUid ?? generateUid();
  const seriesInstanceUid = input.seriesInstanceUid ?? generateUid();
  const sopInstanceUid = input.sopInstanceUid ?? generateUid();
  const encapsulated = source.kind === 'jpeg-baseline';
  const transferSyntaxUid = encapsulated ? TransferSyntax.JpegBaseline : TransferSyntax.ExplicitVRLittleEndian;
  const elements = [
    ...elementsOf({
      ImageType: ['DERIVED', 'SECONDARY'],
      SOPClassUID: SopClass.SecondaryCaptureImageStorage,
      SOPInstanceUID: sopInstanceUid,
      StudyDate: input.studyInstanceUid === undefined ? dicomDate(date) : '',
      StudyTime: input.studyInstanceUid === undefined ? dicomTime(date) : '',
      ContentDate: dicomDate(date),
      ContentTime: dicomTime(date),
      AccessionNumber: input.accessionNumber ?? '',
      Modality: 'OT',
      ConversionType: 'WSD',
      ReferringPhysicianName: '',
      StudyDescription: input.studyDescription,
      SeriesDescription: input.seriesDescription,
      PatientName: input.patientName ?? '',
      PatientID: input.patientId ?? '',
      PatientBirthDate: '',
      PatientSex: '',
      StudyInstanceUID: studyInstanceUid,
      SeriesInstanceUID: seriesInstanceUid,
      StudyID: '',
      SeriesNumber: input.seriesNumber ?? '',
      Laterality: '',
      InstanceNumber: input.instanceNumber ?? 1,
      PatientOrientation: '',
      LossyImageCompression: encapsulated || source.format === 'jpeg' ? '01' : '00',
      LossyImageCompressionMethod: encapsulated || source.format === 'jpeg' ? 'ISO_10918_1' : undefined,
    }),
    ...imagePixelElements({
      rows: source.rows,
      columns: source.columns,
      samplesPerPixel: source.samplesPerPixel,
      bitsAllocated: 8,
      bitsStored: 8,
      pixelRepresentation: 0,
      photometricInterpretation: source.photometricInterpretation,
    }),
    encapsulated ? encapsulatedPixelData([source.bytes]) : nativePixelData([source.pixels]),
  ];
  return {
    bytes: writeDicomFile(elements, { transferSyntaxUid }),
    sopClassUid: SopClass.SecondaryCaptureImageStorage,
    sopInstanceUid,
    seriesInstanceUid,
    studyInstanceUid,
    transferSyntaxUid,
    rows: source.rows,
    columns: source.columns,
    photometricInterpretation: source.photometricInterpretation,
    storage: encapsulated ? 'encapsulated' : 'decoded',
  };
}
