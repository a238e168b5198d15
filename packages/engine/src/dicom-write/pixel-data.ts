import type { PixelArray } from '../image/decoded-frame.js';
import type { DicomElement } from './dicom-element.js';
import { elementsOf } from './dictionary.js';

const PIXEL_DATA = 0x7fe00010;

/** The Image Pixel module attributes the writer needs for a frame layout. */
export interface ImagePixelDescription {
  rows: number;
  columns: number;
  samplesPerPixel: 1 | 3;
  bitsAllocated: 8 | 16;
  bitsStored: number;
  pixelRepresentation: 0 | 1;
  photometricInterpretation: string;
  /** Number of Frames is written only when given. */
  frames?: number;
}

/** Image Pixel module elements (PS3.3 C.7.6.3); Planar Configuration 0 (interleaved) for colour. */
export function imagePixelElements(description: ImagePixelDescription): DicomElement[] {
  return elementsOf({
    SamplesPerPixel: description.samplesPerPixel,
    PhotometricInterpretation: description.photometricInterpretation,
    PlanarConfiguration: description.samplesPerPixel === 3 ? 0 : undefined,
    NumberOfFrames: description.frames === undefined ? undefined : String(description.frames),
    Rows: description.rows,
    Columns: description.columns,
    BitsAllocated: description.bitsAllocated,
    BitsStored: description.bitsStored,
    HighBit: description.bitsStored - 1,
    PixelRepresentation: description.pixelRepresentation,
  });
}

/** Native Pixel Data (OB for 8-bit samples, OW otherwise), frames one after another. */
export function nativePixelData(frames: readonly PixelArray[]): DicomElement {
  const first = frames[0];
  if (first === undefined) return { tag: PIXEL_DATA, vr: 'OB', value: new Uint8Array(0) };
  const vr = first.BYTES_PER_ELEMENT === 1 ? 'OB' : 'OW';
  if (frames.length === 1) return { tag: PIXEL_DATA, vr, value: first };
  const total = frames.reduce((sum, frame) => sum + frame.byteLength, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const frame of frames) {
    bytes.set(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength), at);
    at += frame.byteLength;
  }
  return { tag: PIXEL_DATA, vr, value: bytes };
}

/** Encapsulated Pixel Data: one compressed fragment a frame (the writer adds the offset table). */
export function encapsulatedPixelData(frames: readonly Uint8Array[]): DicomElement {
  return { tag: PIXEL_DATA, vr: 'OB', value: { encapsulated: frames } };
}
