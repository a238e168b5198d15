import {
  ctSlicePixels,
  type DicomElement,
  dicomDate,
  elementsOf,
  encapsulatedPixelData,
  encodeJpeg2000,
  generateUid,
  imagePixelElements,
  mrSlicePixels,
  nativePixelData,
  SopClass,
  seededRandom,
  TransferSyntax,
  writeDicomFile,
} from '@lucent/engine';
import { ultrasoundFrame } from './ultrasound-frame.js';

export const datasetIds = ['j2k-1024', 'mr-1024', 'ct-512', 'us-rgb'] as const;
export type DatasetId = (typeof datasetIds)[number];

/** One synthetic instance, as uploaded to both servers. */
export interface WorkloadInstance {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  patientId: string;
  bytes: Uint8Array;
}

export interface Dataset {
  id: DatasetId;
  title: string;
  modality: 'CT' | 'MR' | 'US';
  rows: number;
  columns: number;
  greyscale: boolean;
  /** The window the "rendered" workload asks for (greyscale only; not the file's default window). */
  window?: { center: number; width: number };
  instances: WorkloadInstance[];
}

/** A slice of the phantom: which frame of the run, at what height (−1…1), with what noise. */
interface Slice {
  index: number;
  z: number;
  seed: number;
}

interface DatasetShape {
  title: string;
  modality: Dataset['modality'];
  sopClassUid: string;
  rows: number;
  columns: number;
  transferSyntaxUid: string;
  /** The window stored in the files, and the different one the windowed render asks for. */
  storedWindow?: { center: number; width: number };
  renderWindow?: { center: number; width: number };
  pixelElements(slice: Slice): Promise<DicomElement[]>;
}

const greyscaleModule = (size: number, bitsStored: number) =>
  imagePixelElements({
    rows: size,
    columns: size,
    samplesPerPixel: 1,
    bitsAllocated: 16,
    bitsStored,
    pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2',
  });

const mrPixels = (slice: Slice) => mrSlicePixels(1024, slice.z, seededRandom(slice.seed));

const shapes: Record<DatasetId, DatasetShape> = {
  'j2k-1024': {
    title: 'MR 1024×1024 16-bit, JPEG 2000 lossless',
    modality: 'MR',
    sopClassUid: SopClass.MrImageStorage,
    rows: 1024,
    columns: 1024,
    transferSyntaxUid: TransferSyntax.Jpeg2000Lossless,
    storedWindow: { center: 9000, width: 18000 },
    renderWindow: { center: 6000, width: 12000 },
    async pixelElements(slice) {
      const frameInfo: Parameters<typeof encodeJpeg2000>[1] = {
        rows: 1024,
        columns: 1024,
        samplesPerPixel: 1,
        bitsAllocated: 16,
        bitsStored: 16,
        pixelRepresentation: 0,
      };
      const codestream = await encodeJpeg2000(mrPixels(slice), frameInfo, { lossless: true });
      return [...greyscaleModule(1024, 16), encapsulatedPixelData([codestream])];
    },
  },
  'mr-1024': {
    title: 'MR 1024×1024 16-bit, uncompressed',
    modality: 'MR',
    sopClassUid: SopClass.MrImageStorage,
    rows: 1024,
    columns: 1024,
    transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
    storedWindow: { center: 9000, width: 18000 },
    renderWindow: { center: 6000, width: 12000 },
    async pixelElements(slice) {
      return [...greyscaleModule(1024, 16), nativePixelData([mrPixels(slice)])];
    },
  },
  'ct-512': {
    title: 'CT 512×512 16-bit, uncompressed',
    modality: 'CT',
    sopClassUid: SopClass.CtImageStorage,
    rows: 512,
    columns: 512,
    transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
    storedWindow: { center: 40, width: 400 },
    renderWindow: { center: 300, width: 1500 },
    async pixelElements(slice) {
      return [
        ...greyscaleModule(512, 12),
        ...elementsOf({ RescaleIntercept: '-1024', RescaleSlope: '1', RescaleType: 'HU' }),
        nativePixelData([ctSlicePixels(512, slice.z, seededRandom(slice.seed))]),
      ];
    },
  },
  'us-rgb': {
    title: 'US 640×480 RGB, uncompressed',
    modality: 'US',
    sopClassUid: SopClass.UltrasoundImageStorage,
    rows: 480,
    columns: 640,
    transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
    async pixelElements(slice) {
      const module = imagePixelElements({
        rows: 480,
        columns: 640,
        samplesPerPixel: 3,
        bitsAllocated: 8,
        bitsStored: 8,
        pixelRepresentation: 0,
        photometricInterpretation: 'RGB',
      });
      return [...module, nativePixelData([ultrasoundFrame(640, 480, slice.seed)])];
    },
  },
};

export interface DatasetOptions {
  /** Distinct instances (so that cold requests can rotate without repeating an instance soon). */
  instances: number;
  /** Instances per study (one series a study); the studies give QIDO and tRPC searches something to find. */
  instancesPerStudy: number;
  /** Distinct pixel frames, reused round-robin (JPEG 2000 encoding is the slow part of generating). */
  distinctFrames: number;
  seed: number;
}

/** Synthetic patient, study and series identity of study number `index` of a dataset (no real data). */
export function studyIdentity(id: DatasetId, index: number) {
  const code = id.replace(/[^a-z0-9]/gi, '').toUpperCase();
  const number = String(index + 1).padStart(4, '0');
  const day = new Date(Date.UTC(2024, 0, 1 + ((index * 7) % 360)));
  return {
    patientId: `BENCH-${code}-${number}`,
    patientName: `PHANTOM^${code}^${number}`,
    accessionNumber: `A${code}${number}`.slice(0, 16),
    studyDate: dicomDate(day),
  };
}

/** One instance of a dataset's shape (the same seed, the same bytes): for per-image measurements. */
export async function oneInstanceOf(id: DatasetId): Promise<Uint8Array> {
  const dataset = await generateDataset(id, { instances: 1, instancesPerStudy: 1, distinctFrames: 1, seed: 7 });
  const bytes = dataset.instances[0]?.bytes;
  if (bytes === undefined) throw new Error(`no instance generated for ${id}`);
  return bytes;
}

/** Generate one dataset's DICOM files (Explicit VR Little Endian or JPEG 2000 as the shape says). */
export async function generateDataset(id: DatasetId, options: DatasetOptions): Promise<Dataset> {
  const shape = shapes[id];
  const random = seededRandom(options.seed);
  const frames = new Map<number, DicomElement[]>();
  const instances: WorkloadInstance[] = [];
  let study: { studyInstanceUid: string; seriesInstanceUid: string; elements: DicomElement[]; patientId: string } = {
    studyInstanceUid: '',
    seriesInstanceUid: '',
    elements: [],
    patientId: '',
  };
  for (let index = 0; index < options.instances; index++) {
    const position = index % options.instancesPerStudy;
    if (position === 0) {
      const identity = studyIdentity(id, Math.floor(index / options.instancesPerStudy));
      const studyInstanceUid = generateUid(random);
      const seriesInstanceUid = generateUid(random);
      study = {
        studyInstanceUid,
        seriesInstanceUid,
        patientId: identity.patientId,
        elements: elementsOf({
          PatientName: identity.patientName,
          PatientID: identity.patientId,
          PatientSex: 'O',
          StudyDate: identity.studyDate,
          StudyTime: '120000',
          AccessionNumber: identity.accessionNumber,
          StudyDescription: `Lucent bench ${shape.title}`,
          StudyInstanceUID: studyInstanceUid,
          StudyID: '1',
          SeriesInstanceUID: seriesInstanceUid,
          SeriesNumber: '1',
          Modality: shape.modality,
          SeriesDescription: shape.title,
        }),
      };
    }
    const frameIndex = index % options.distinctFrames;
    let pixels = frames.get(frameIndex);
    if (pixels === undefined) {
      // Slices spread through the middle of the 3-D phantom, each with its own noise.
      const z = options.distinctFrames === 1 ? 0 : -0.5 + frameIndex / (options.distinctFrames - 1);
      pixels = await shape.pixelElements({ index: frameIndex, z, seed: options.seed + frameIndex });
      frames.set(frameIndex, pixels);
    }
    const sopInstanceUid = generateUid(random);
    const elements = [
      ...study.elements,
      ...elementsOf({
        SOPClassUID: shape.sopClassUid,
        SOPInstanceUID: sopInstanceUid,
        InstanceNumber: String(position + 1),
        WindowCenter: shape.storedWindow === undefined ? undefined : String(shape.storedWindow.center),
        WindowWidth: shape.storedWindow === undefined ? undefined : String(shape.storedWindow.width),
      }),
      ...pixels,
    ].sort((a, b) => a.tag - b.tag);
    instances.push({
      sopInstanceUid,
      seriesInstanceUid: study.seriesInstanceUid,
      studyInstanceUid: study.studyInstanceUid,
      patientId: study.patientId,
      bytes: writeDicomFile(elements, { transferSyntaxUid: shape.transferSyntaxUid }),
    });
  }
  return {
    id,
    title: shape.title,
    modality: shape.modality,
    rows: shape.rows,
    columns: shape.columns,
    greyscale: shape.renderWindow !== undefined,
    ...(shape.renderWindow === undefined ? {} : { window: shape.renderWindow }),
    instances,
  };
}
