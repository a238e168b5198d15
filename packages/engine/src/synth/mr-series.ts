import { elementsOf } from '../dicom-write/dictionary.js';
import { imagePixelElements } from '../dicom-write/pixel-data.js';
import { SopClass } from '../dicom-write/sop-class.js';
import { writeDicomFile } from '../dicom-write/write-part10.js';
import { commonElements, type DemoStudy } from './demo-context.js';
import type { DemoFile } from './demo-file.js';
import { type DemoSyntax, demoSyntaxInfo } from './demo-syntax.js';
import { encodePixelData } from './encode-pixel-data.js';
import { mrSlicePixels } from './phantom-pixels.js';
import { deriveSeed, seededRandom } from './seeded-random.js';

const FIELD_OF_VIEW_MM = 240;
const SLICE_SPACING_MM = 5;

export interface MrSeriesOptions {
  study: DemoStudy;
  syntax: DemoSyntax;
  slices: number;
  size: number;
  seriesNumber: number;
  frameOfReferenceUid: string;
  seed: number;
}

/** A T2-like axial MR series of the phantom, 16 bits stored, 5 mm apart around its centre. */
export async function* mrSeries(options: MrSeriesOptions): AsyncGenerator<DemoFile> {
  const { study, syntax, slices, size } = options;
  const series = {
    seriesInstanceUid: study.uid(),
    modality: 'MR',
    seriesNumber: options.seriesNumber,
    description: `T2 phantom ${size}x${size}, ${demoSyntaxInfo[syntax].label}`,
  };
  const spacing = FIELD_OF_VIEW_MM / size;
  const corner = -FIELD_OF_VIEW_MM / 2 + spacing / 2;
  const info = { rows: size, columns: size, samplesPerPixel: 1 as const, bitsAllocated: 16 as const, bitsStored: 16 };
  for (let index = 0; index < slices; index++) {
    const location = (index - (slices - 1) / 2) * SLICE_SPACING_MM;
    const z = (2 * location) / FIELD_OF_VIEW_MM;
    const pixels = mrSlicePixels(size, z, seededRandom(deriveSeed(options.seed, `mr-${index}`)));
    const pixelData = await encodePixelData([pixels], { ...info, pixelRepresentation: 0 }, syntax);
    const elements = [
      ...commonElements(study, series, index + 1),
      ...elementsOf({
        SOPClassUID: SopClass.MrImageStorage,
        SOPInstanceUID: study.uid(),
        ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
        BodyPartExamined: 'HEAD',
        PatientPosition: 'HFS',
        ScanningSequence: 'SE',
        SequenceVariant: 'SK',
        ScanOptions: '',
        MRAcquisitionType: '2D',
        RepetitionTime: 4000,
        EchoTime: 100,
        EchoTrainLength: 16,
        MagneticFieldStrength: 3,
        AcquisitionNumber: 1,
        SliceThickness: SLICE_SPACING_MM,
        SpacingBetweenSlices: SLICE_SPACING_MM,
        FrameOfReferenceUID: options.frameOfReferenceUid,
        PositionReferenceIndicator: '',
        ImagePositionPatient: [corner, corner, location],
        ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
        SliceLocation: location,
        PixelSpacing: [spacing, spacing],
        WindowCenter: 9000,
        WindowWidth: 18000,
      }),
      ...imagePixelElements({ ...info, pixelRepresentation: 0, photometricInterpretation: 'MONOCHROME2' }),
      ...pixelData.elements,
    ];
    const name = `mr-${size}-${syntax}/MR${String(index + 1).padStart(4, '0')}.dcm`;
    yield { name, bytes: writeDicomFile(elements, { transferSyntaxUid: pixelData.transferSyntaxUid }) };
  }
}
