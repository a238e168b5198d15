import dicomParser from 'dicom-parser';
import { readCorpusFile } from '../../decode/corpus.test-util.js';
import type { PixelArray } from '../../image/decoded-frame.js';
import { createPixelArray } from '../../image/pixel-array.js';
import { frameInfoOf } from '../encapsulated-fragments.test-util.js';
import type { FrameInfo } from '../frame-codec.js';

function pixelDataOf(name: string) {
  const dataSet = dicomParser.parseDicom(readCorpusFile(name));
  const element = dataSet.elements.x7fe00010;
  if (element === undefined) throw new Error(`${name} has no pixel data`);
  return { dataSet, element, info: frameInfoOf(dataSet) };
}

/** Frame 0 of a little-endian native corpus file as stored values (sign-extended when signed). */
export function nativeFrame(name: string): { pixels: PixelArray; info: FrameInfo } {
  const { dataSet, element, info } = pixelDataOf(name);
  const count = info.rows * info.columns * info.samplesPerPixel;
  const width = info.bitsAllocated / 8;
  const pixels = createPixelArray(info.bitsAllocated, info.pixelRepresentation === 1, count);
  const start = dataSet.byteArray.byteOffset + element.dataOffset;
  new Uint8Array(pixels.buffer).set(new Uint8Array(dataSet.byteArray.buffer, start, count * width));
  return { pixels, info };
}
