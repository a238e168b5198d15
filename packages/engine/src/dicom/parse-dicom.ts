import type { DicomMetadata, ImagePixelModule } from '@lucent/shared';
import type { FrameInfo } from '../codecs/frame-codec.js';
import { Errors, isEngineError } from '../errors/engine-error.js';
import { createElementReader } from './element-values.js';
import type { ParsedDicom } from './parsed-dicom.js';
import { readPixelDataLayout } from './pixel-data-layout.js';
import { readDataset } from './read-dataset.js';
import {
  readEquipment,
  readFunctionalGroups,
  readImagePixel,
  readInstance,
  readPatient,
  readSeries,
  readStudy,
} from './read-metadata.js';
import { renderingAttributesResolver } from './read-rendering-attributes.js';
import { transferSyntaxInfo } from './transfer-syntax.js';

function frameInfoOf(image: ImagePixelModule, transferSyntaxUid: string): FrameInfo {
  return {
    transferSyntaxUid,
    rows: image.rows,
    columns: image.columns,
    samplesPerPixel: image.samplesPerPixel,
    bitsAllocated: image.bitsAllocated,
    bitsStored: image.bitsStored,
    pixelRepresentation: image.pixelRepresentation,
    photometricInterpretation: image.photometricInterpretation,
    planarConfiguration: image.planarConfiguration,
  };
}

function parse(input: Uint8Array): ParsedDicom {
  const raw = readDataset(input);
  const { dataSet, transferSyntaxUid } = raw;
  const littleEndian = transferSyntaxInfo(transferSyntaxUid)?.littleEndian ?? true;
  const specificCharacterSet = createElementReader(dataSet, undefined, littleEndian).texts('x00080005');
  const reader = createElementReader(dataSet, specificCharacterSet?.join('\\'), littleEndian);

  const image = readImagePixel(reader);
  const layout = image === undefined ? undefined : readPixelDataLayout(reader, raw, image);
  const metadata: DicomMetadata = {
    patient: readPatient(reader),
    study: readStudy(reader),
    series: readSeries(reader),
    instance: readInstance(reader, transferSyntaxUid, raw.hasFileMeta, specificCharacterSet),
    equipment: readEquipment(reader),
    ...(image === undefined ? {} : { image }),
    ...readFunctionalGroups(reader),
    ...(layout === undefined ? {} : { pixelData: { ...layout, offsetBase: raw.inflated ? 'inflated' : 'file' } }),
  };
  return {
    metadata,
    transferSyntaxUid,
    bytes: raw.bytes,
    frameInfo: image === undefined || layout === undefined ? undefined : frameInfoOf(image, transferSyntaxUid),
    frames: layout?.frames ?? [],
    encapsulated: layout?.encapsulated ?? false,
    renderingAttributes: renderingAttributesResolver(reader, metadata),
  };
}

/**
 * Parse a DICOM Part 10 file or a bare data set: the typed metadata model, the frame info codecs
 * need, and where each frame's bytes are. Pixel data are not copied. Throws EngineError only.
 */
export function parseDicom(input: Uint8Array): ParsedDicom {
  try {
    return parse(input);
  } catch (error) {
    if (isEngineError(error)) throw error;
    // A defect or a data set shaped in a way nothing above anticipated: still a typed error.
    throw Errors.invalidDicom(error instanceof Error ? error.message : 'unreadable data set', error);
  }
}
