import sharp from 'sharp';
import { TransferSyntax } from '../dicom/transfer-syntax.js';
import { elementsOf } from '../dicom-write/dictionary.js';
import { encapsulatedPixelData, imagePixelElements } from '../dicom-write/pixel-data.js';
import { SopClass } from '../dicom-write/sop-class.js';
import { readSourceImage } from '../dicom-write/source-image.js';
import { writeDicomFile } from '../dicom-write/write-part10.js';
import { commonElements, type DemoStudy } from './demo-context.js';
import type { DemoFile } from './demo-file.js';
import { deriveSeed, seededRandom } from './seeded-random.js';
import { ultrasoundPixels } from './ultrasound-pixels.js';

export const ULTRASOUND_COLUMNS = 640;
export const ULTRASOUND_ROWS = 480;

export interface UltrasoundSeriesOptions {
  study: DemoStudy;
  images: number;
  seriesNumber: number;
  seed: number;
}

/** RGB ultrasound-like images, baseline JPEG (4:2:0, YBR_FULL_422) encapsulated, one file each. */
export async function* ultrasoundSeries(options: UltrasoundSeriesOptions): AsyncGenerator<DemoFile> {
  const { study } = options;
  const series = {
    seriesInstanceUid: study.uid(),
    modality: 'US',
    seriesNumber: options.seriesNumber,
    description: 'Sector phantom with colour Doppler, JPEG Baseline',
  };
  for (let index = 0; index < options.images; index++) {
    const rgb = ultrasoundPixels(
      ULTRASOUND_COLUMNS,
      ULTRASOUND_ROWS,
      seededRandom(deriveSeed(options.seed, `us-${index}`)),
    );
    const jpeg = await sharp(rgb, { raw: { width: ULTRASOUND_COLUMNS, height: ULTRASOUND_ROWS, channels: 3 } })
      .jpeg({ quality: 92, chromaSubsampling: '4:2:0', mozjpeg: false, progressive: false, optimiseCoding: true })
      .toBuffer();
    const source = await readSourceImage(new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.length));
    const elements = [
      ...commonElements(study, series, index + 1),
      ...elementsOf({
        SOPClassUID: SopClass.UltrasoundImageStorage,
        SOPInstanceUID: study.uid(),
        ImageType: ['ORIGINAL', 'PRIMARY', 'ABDOMINAL'],
        BodyPartExamined: 'ABDOMEN',
        PatientOrientation: '',
        LossyImageCompression: '01',
        LossyImageCompressionMethod: 'ISO_10918_1',
        LossyImageCompressionRatio: Number(((rgb.length / jpeg.length) as number).toFixed(2)),
      }),
      ...imagePixelElements({
        rows: source.rows,
        columns: source.columns,
        samplesPerPixel: 3,
        bitsAllocated: 8,
        bitsStored: 8,
        pixelRepresentation: 0,
        photometricInterpretation: source.photometricInterpretation,
      }),
      encapsulatedPixelData([new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.length)]),
    ];
    const name = `us-rgb/US${String(index + 1).padStart(4, '0')}.dcm`;
    yield { name, bytes: writeDicomFile(elements, { transferSyntaxUid: TransferSyntax.JpegBaseline }) };
  }
}
