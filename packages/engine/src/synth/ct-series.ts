import { elementsOf } from '../dicom-write/dictionary.js';
import { imagePixelElements } from '../dicom-write/pixel-data.js';
import { SopClass } from '../dicom-write/sop-class.js';
import { writeDicomFile } from '../dicom-write/write-part10.js';
import { commonElements, type DemoStudy } from './demo-context.js';
import type { DemoFile } from './demo-file.js';
import { type DemoSyntax, demoSyntaxInfo } from './demo-syntax.js';
import { encodePixelData } from './encode-pixel-data.js';
import { CT_BITS_STORED, CT_RESCALE_INTERCEPT, ctSlicePixels } from './phantom-pixels.js';
import { deriveSeed, seededRandom } from './seeded-random.js';

/** Field of view (mm) across the phantom's width, and the part of its height the slices cover. */
export const CT_FIELD_OF_VIEW_MM = 250;
const COVERAGE = 1.4; // z from −0.7 to 0.7 of the half-width: skull top to bottom

export interface SliceGeometry {
  /** Phantom height, −1…1. */
  z: number;
  imagePositionPatient: [number, number, number];
  sliceLocation: number;
}

/** Slice spacing (mm) for `slices` slices over the phantom. */
export const ctSliceSpacing = (slices: number): number => (COVERAGE * CT_FIELD_OF_VIEW_MM) / 2 / slices;

/** Axial slices from feet to head: positions of the first pixel's centre, in LPS millimetres. */
export function ctSliceGeometry(index: number, slices: number, size: number): SliceGeometry {
  const z = -COVERAGE / 2 + (COVERAGE * (index + 0.5)) / slices;
  const spacing = CT_FIELD_OF_VIEW_MM / size;
  const corner = -CT_FIELD_OF_VIEW_MM / 2 + spacing / 2;
  const sliceLocation = Number(((z * CT_FIELD_OF_VIEW_MM) / 2).toFixed(4));
  return { z, imagePositionPatient: [corner, corner, sliceLocation], sliceLocation };
}

export interface CtSeriesOptions {
  study: DemoStudy;
  syntax: DemoSyntax;
  slices: number;
  size: number;
  seriesNumber: number;
  frameOfReferenceUid: string;
  /** Noise seed: the same seed gives the same pixels in every syntax. */
  seed: number;
}

/** A CT series of the 3-D Shepp–Logan phantom, one file a slice (window 40/400, rescale −1024). */
export async function* ctSeries(options: CtSeriesOptions): AsyncGenerator<DemoFile> {
  const { study, syntax, slices, size } = options;
  const series = {
    seriesInstanceUid: study.uid(),
    modality: 'CT',
    seriesNumber: options.seriesNumber,
    description: `Shepp-Logan phantom, ${demoSyntaxInfo[syntax].label}`,
  };
  const pixelSpacing = CT_FIELD_OF_VIEW_MM / size;
  const spacing = ctSliceSpacing(slices);
  const info = {
    rows: size,
    columns: size,
    samplesPerPixel: 1 as const,
    bitsAllocated: 16 as const,
    bitsStored: CT_BITS_STORED,
  };
  for (let index = 0; index < slices; index++) {
    const geometry = ctSliceGeometry(index, slices, size);
    const pixels = ctSlicePixels(size, geometry.z, seededRandom(deriveSeed(options.seed, `ct-${index}`)));
    const pixelData = await encodePixelData([pixels], { ...info, pixelRepresentation: 0 }, syntax);
    const elements = [
      ...commonElements(study, series, index + 1),
      ...elementsOf({
        SOPClassUID: SopClass.CtImageStorage,
        SOPInstanceUID: study.uid(),
        ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
        BodyPartExamined: 'HEAD',
        PatientPosition: 'HFS',
        KVP: 120,
        AcquisitionNumber: 1,
        ConvolutionKernel: 'STANDARD',
        ReconstructionDiameter: CT_FIELD_OF_VIEW_MM,
        SliceThickness: Number(spacing.toFixed(4)),
        SpacingBetweenSlices: Number(spacing.toFixed(4)),
        FrameOfReferenceUID: options.frameOfReferenceUid,
        PositionReferenceIndicator: '',
        ImagePositionPatient: geometry.imagePositionPatient,
        ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
        SliceLocation: geometry.sliceLocation,
        PixelSpacing: [pixelSpacing, pixelSpacing],
        RescaleIntercept: CT_RESCALE_INTERCEPT,
        RescaleSlope: 1,
        RescaleType: 'HU',
        WindowCenter: [40, 400],
        WindowWidth: [400, 2000],
        WindowCenterWidthExplanation: ['BRAIN', 'BONE'],
      }),
      ...imagePixelElements({ ...info, pixelRepresentation: 0, photometricInterpretation: 'MONOCHROME2' }),
      ...pixelData.elements,
    ];
    const name = `ct-${syntax}/CT${String(index + 1).padStart(4, '0')}.dcm`;
    yield { name, bytes: writeDicomFile(elements, { transferSyntaxUid: pixelData.transferSyntaxUid }) };
  }
}
