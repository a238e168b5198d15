import type { ImagePixelModule } from '@lucent/shared';
import { Errors } from '../errors/engine-error.js';
import type { ElementReader } from './element-values.js';
import { encapsulatedFrames, nativeFrames, type PixelDataLayout } from './frame-locations.js';
import type { RawDataset } from './read-dataset.js';
import { transferSyntaxInfo } from './transfer-syntax.js';

/**
 * Where each frame of Pixel Data (7FE0,0010) lives, with offsets into `raw.bytes`. Undefined when
 * there is no pixel data. Encapsulated data need a known compressed transfer syntax.
 */
export function readPixelDataLayout(
  reader: ElementReader,
  raw: RawDataset,
  image: ImagePixelModule,
): PixelDataLayout | undefined {
  const element = raw.dataSet.elements.x7fe00010;
  if (element === undefined) return undefined;
  const syntax = transferSyntaxInfo(raw.transferSyntaxUid);
  const encapsulated = element.encapsulatedPixelData === true;
  if (encapsulated) {
    if (syntax === undefined) throw Errors.unsupportedTransferSyntax(raw.transferSyntaxUid);
    if (!syntax.encapsulated) throw Errors.invalidDicom(`encapsulated pixel data in ${syntax.name}`);
    return { encapsulated, ...encapsulatedFrames(reader, element, image.numberOfFrames, syntax.family) };
  }
  if (syntax?.encapsulated === true) throw Errors.invalidDicom(`native pixel data in ${syntax.name}`);
  const end = (raw.dataSet.byteArray as Uint8Array).length;
  return { encapsulated, offsetTable: 'native', frames: nativeFrames(element, image, end) };
}
