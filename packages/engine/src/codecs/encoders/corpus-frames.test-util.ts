import { createHash } from 'node:crypto';
import dicomParser from 'dicom-parser';
import { readCorpusFile } from '../../decode/corpus.test-util.js';
import type { PixelArray } from '../../image/decoded-frame.js';
import { createPixelArray } from '../../image/pixel-array.js';
import type { FrameInfo } from '../frame-codec.js';

/** A corpus file's Image Pixel attributes, read with dicom-parser, as a codec's FrameInfo. */
function frameInfoOf(dataSet: dicomParser.DataSet): FrameInfo {
  const u16 = (tag: string) => dataSet.uint16(tag) ?? 0;
  return {
    transferSyntaxUid: (dataSet.string('x00020010') ?? '').replace(/\0/g, '').trim(),
    rows: u16('x00280010'),
    columns: u16('x00280011'),
    samplesPerPixel: u16('x00280002'),
    bitsAllocated: u16('x00280100'),
    bitsStored: u16('x00280101'),
    pixelRepresentation: u16('x00280103') === 1 ? 1 : 0,
    photometricInterpretation: (dataSet.string('x00280004') ?? '').trim(),
    planarConfiguration: u16('x00280006') === 1 ? 1 : 0,
  };
}

function pixelDataOf(name: string) {
  const dataSet = dicomParser.parseDicom(readCorpusFile(name));
  const element = dataSet.elements.x7fe00010;
  if (element === undefined) throw new Error(`${name} has no pixel data`);
  return { dataSet, element, info: frameInfoOf(dataSet) };
}

/** Frame 0 of a single-frame encapsulated corpus file: all its fragments, concatenated. */
export function encapsulatedFrame(name: string): { bytes: Uint8Array; info: FrameInfo } {
  const { dataSet, element, info } = pixelDataOf(name);
  const fragments = element.fragments?.length ?? 0;
  const bytes = dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, element, 0, fragments);
  return { bytes: new Uint8Array(bytes), info };
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

/** SHA-256 of stored values as little-endian integers of their array's width (the manifest's convention). */
export function sha256Of(pixels: PixelArray): string {
  return createHash('sha256')
    .update(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength))
    .digest('hex');
}

export function statisticsOf(pixels: ArrayLike<number>): { min: number; max: number; mean: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i] as number;
    if (value < min) min = value;
    if (value > max) max = value;
    sum += value;
  }
  return { min, max, mean: sum / pixels.length };
}

/** Deterministic pseudo-random bytes (xorshift32) for corrupt-input tests. */
export function noise(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state & 0xff;
  }
  return out;
}
