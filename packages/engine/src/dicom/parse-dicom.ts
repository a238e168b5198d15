import type { DicomMetadata } from '@lucent/shared';
import type { FrameInfo } from '../codecs/frame-codec.js';
import { Errors } from '../errors/engine-error.js';
import { createElementReader } from './element-values.js';
import { encapsulatedFrames, nativeFrames, type PixelDataLayout } from './frame-locations.js';
import type { ParsedDicom } from './parsed-dicom.js';
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

/**
 * Parse a DICOM Part 10 file or a bare data set: the typed metadata model, the frame info codecs
 * need, and where each frame's bytes are. Pixel data are not copied. Throws EngineError.
 */
export function parseDicom(input: Uint8Array): ParsedDicom {
  const raw = readDataset(input);
  const { dataSet, transferSyntaxUid } = raw;
  const syntax = transferSyntaxInfo(transferSyntaxUid);
  const littleEndian = syntax?.littleEndian ?? true;
  const plain = createElementReader(dataSet, undefined, littleEndian);
  const specificCharacterSet = plain.texts('x00080005');
  const reader = createElementReader(dataSet, specificCharacterSet?.join('\\'), littleEndian);

  const image = readImagePixel(reader);
  const pixelElement = dataSet.elements.x7fe00010;
  let layout: PixelDataLayout | undefined;
  if (image !== undefined && pixelElement !== undefined) {
    const encapsulated = pixelElement.encapsulatedPixelData === true || (pixelElement.fragments?.length ?? 0) > 0;
    if (encapsulated) {
      if (syntax === undefined || !syntax.encapsulated) throw Errors.unsupportedTransferSyntax(transferSyntaxUid);
      layout = { encapsulated, ...encapsulatedFrames(reader, pixelElement, image.numberOfFrames, syntax.family) };
    } else {
      layout = { encapsulated, offsetTable: 'native', frames: nativeFrames(pixelElement, image, raw.bytes.length) };
    }
  }

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

  const frameInfo: FrameInfo | undefined =
    image === undefined || layout === undefined
      ? undefined
      : {
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

  return {
    metadata,
    transferSyntaxUid,
    bytes: raw.bytes,
    frameInfo,
    frames: layout?.frames ?? [],
    encapsulated: layout?.encapsulated ?? false,
    renderingAttributes: renderingAttributesResolver(reader, metadata),
  };
}
