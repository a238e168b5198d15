import { Attribute, elementsOf } from '../dicom-write/dictionary.js';
import { imagePixelElements } from '../dicom-write/pixel-data.js';
import { SopClass } from '../dicom-write/sop-class.js';
import { writeDicomFile } from '../dicom-write/write-part10.js';
import { commonElements, type DemoStudy } from './demo-context.js';
import type { DemoFile } from './demo-file.js';
import type { DemoSyntax } from './demo-syntax.js';
import { encodePixelData } from './encode-pixel-data.js';
import { CT_BITS_STORED, CT_RESCALE_INTERCEPT, ctSlicePixels } from './phantom-pixels.js';
import { deriveSeed, seededRandom } from './seeded-random.js';

export interface MultiframeOptions {
  study: DemoStudy;
  syntax: DemoSyntax;
  frames: number;
  size: number;
  seriesNumber: number;
  seed: number;
}

/**
 * One Multi-frame Grayscale Word Secondary Capture instance: the phantom's central slice turning
 * a full circle over `frames` frames (a cine loop, 50 ms a frame).
 */
export async function multiframeInstance(options: MultiframeOptions): Promise<DemoFile> {
  const { study, syntax, frames, size } = options;
  const series = {
    seriesInstanceUid: study.uid(),
    modality: 'OT',
    seriesNumber: options.seriesNumber,
    description: `Turning phantom, ${frames} frames, ${syntax}`,
  };
  const pixels = Array.from({ length: frames }, (_, f) =>
    ctSlicePixels(size, 0, seededRandom(deriveSeed(options.seed, `mf-${f}`)), (360 * f) / frames),
  );
  const info = { rows: size, columns: size, samplesPerPixel: 1 as const, bitsAllocated: 16 as const };
  const pixelData = await encodePixelData(
    pixels,
    { ...info, bitsStored: CT_BITS_STORED, pixelRepresentation: 0 },
    syntax,
  );
  const elements = [
    ...commonElements(study, series, 1),
    ...elementsOf({
      SOPClassUID: SopClass.MultiframeGrayscaleWordSecondaryCaptureImageStorage,
      SOPInstanceUID: study.uid(),
      ImageType: ['DERIVED', 'SECONDARY'],
      ConversionType: 'SYN',
      BurnedInAnnotation: 'NO',
      BodyPartExamined: 'HEAD',
      PatientOrientation: ['L', 'P'],
      FrameTime: 50,
      FrameIncrementPointer: Attribute.FrameTime[0],
      RescaleIntercept: CT_RESCALE_INTERCEPT,
      RescaleSlope: 1,
      RescaleType: 'HU',
      WindowCenter: 40,
      WindowWidth: 400,
      PresentationLUTShape: 'IDENTITY',
    }),
    ...imagePixelElements({
      ...info,
      bitsStored: CT_BITS_STORED,
      pixelRepresentation: 0,
      photometricInterpretation: 'MONOCHROME2',
      frames,
    }),
    ...pixelData.elements,
  ];
  const name = `multiframe-${syntax}/MF0001.dcm`;
  return { name, bytes: writeDicomFile(elements, { transferSyntaxUid: pixelData.transferSyntaxUid }) };
}
