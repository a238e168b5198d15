import dicomParser from 'dicom-parser';
import { readCorpusFile } from '../decode/corpus.test-util.js';
import type { FrameInfo } from './frame-codec.js';

/**
 * Test-only: one frame's compressed bytes from an encapsulated corpus file, read with dicom-parser
 * independently of the engine's own parser, and the file's Image Pixel attributes as a FrameInfo.
 */
export interface CorpusFrame {
  bytes: Uint8Array;
  info: FrameInfo;
  frames: number;
}

/** A data set's Image Pixel attributes, as read with dicom-parser, as a codec's FrameInfo. */
export function frameInfoOf(dataSet: dicomParser.DataSet): FrameInfo {
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

/** Fragment indexes at which a JPEG frame starts (an SOI marker, FF D8, opens the fragment). */
function jpegFrameStarts(bytes: Uint8Array, fragments: dicomParser.Fragment[]): number[] {
  const starts: number[] = [];
  fragments.forEach((fragment, index) => {
    if (bytes[fragment.position] === 0xff && bytes[fragment.position + 1] === 0xd8) starts.push(index);
  });
  return starts;
}

/** Frame `index` of an encapsulated corpus file, fragments concatenated. */
export function encapsulatedFrame(file: string, index = 0): CorpusFrame {
  const dataSet = dicomParser.parseDicom(readCorpusFile(file));
  const element = dataSet.elements.x7fe00010;
  const fragments = element?.fragments;
  if (element === undefined || fragments === undefined) throw new Error(`${file}: no encapsulated pixel data`);
  const frames = Number.parseInt(dataSet.string('x00280008') ?? '1', 10) || 1;
  if (index >= frames) throw new Error(`${file} has ${frames} frames`);
  const info = frameInfoOf(dataSet);
  const take = (first: number, count: number): CorpusFrame => ({
    bytes: new Uint8Array(dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, element, first, count)),
    info,
    frames,
  });
  if ((element.basicOffsetTable?.length ?? 0) > 0) {
    const bytes = dicomParser.readEncapsulatedImageFrame(dataSet, element, index);
    return { bytes: new Uint8Array(bytes), info, frames };
  }
  if (frames === 1) return take(0, fragments.length);
  if (frames === fragments.length) return take(index, 1);
  const starts = jpegFrameStarts(dataSet.byteArray, fragments);
  const first = starts[index];
  if (starts.length !== frames || first === undefined) throw new Error(`${file}: cannot tell frames apart`);
  return take(first, (starts[index + 1] ?? fragments.length) - first);
}
