import { Errors } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { applyBitsStored, createPixelArray } from '../image/pixel-array.js';
import type { FrameCodec, FrameInfo } from './frame-codec.js';
import { segmentLength, unpackSegment } from './rle-segment.js';

const HEADER_BYTES = 64;
const MAX_SEGMENTS = 15;
const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Segment offsets from the 64-byte header (PS3.5 G.5), checked to lie in order inside the frame. */
function readSegmentBounds(bytes: Uint8Array, expected: number, uid: string): Array<[number, number]> {
  if (bytes.length < HEADER_BYTES) throw Errors.corruptPixelData(uid, 'RLE header is shorter than 64 bytes');
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const count = header.getUint32(0, true);
  if (count > MAX_SEGMENTS) throw Errors.corruptPixelData(uid, `RLE header declares ${count} segments (at most 15)`);
  if (count !== expected) {
    throw Errors.corruptPixelData(uid, `RLE frame has ${count} segments, the pixel attributes need ${expected}`);
  }
  const bounds: Array<[number, number]> = [];
  for (let segment = 0; segment < count; segment++) {
    const start = header.getUint32(4 + segment * 4, true);
    const end = segment + 1 < count ? header.getUint32(8 + segment * 4, true) : bytes.length;
    if (start < HEADER_BYTES || end < start || end > bytes.length) {
      throw Errors.corruptPixelData(uid, `RLE segment ${segment} lies outside the frame`);
    }
    bounds.push([start, end]);
  }
  return bounds;
}

/**
 * A segment must decode to exactly Rows × Columns bytes. Less is truncation; a little more is an
 * encoder's padding, tolerated; a whole row or more means the image is not the size the data set says.
 */
function checkSegmentLength(length: number, info: FrameInfo, segment: number): void {
  const expected = info.rows * info.columns;
  if (length < expected) {
    throw Errors.corruptPixelData(
      info.transferSyntaxUid,
      `RLE segment ${segment} decodes to ${length} of ${expected} bytes`,
    );
  }
  if (length - expected >= Math.max(2, info.columns)) {
    throw Errors.corruptPixelData(
      info.transferSyntaxUid,
      `RLE segment ${segment} decodes to ${length} bytes, more than Rows × Columns (${expected})`,
    );
  }
}

/** RLE Lossless frame → stored values, samples interleaved. */
export function decodeRleFrame(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  const uid = info.transferSyntaxUid;
  const { rows, columns, samplesPerPixel, bitsAllocated, pixelRepresentation } = info;
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw Errors.corruptPixelData(uid, `RLE cannot hold Bits Allocated ${bitsAllocated}`);
  }
  if (!(rows > 0 && columns > 0 && samplesPerPixel > 0)) {
    throw Errors.corruptPixelData(uid, `RLE frame of ${columns}×${rows}×${samplesPerPixel} samples`);
  }
  const bytesPerSample = bitsAllocated / 8;
  const bounds = readSegmentBounds(bytes, bytesPerSample * samplesPerPixel, uid);
  const pixelCount = rows * columns;
  const signed = pixelRepresentation === 1;
  const pixels = createPixelArray(bitsAllocated, signed, pixelCount * samplesPerPixel);
  const target = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  const stride = samplesPerPixel * bytesPerSample;
  // Byte planes come most significant first, per sample; only one plane at all → decode in place.
  const plane = stride === 1 ? target : new Uint8Array(pixelCount);
  bounds.forEach(([start, end], segment) => {
    checkSegmentLength(segmentLength(bytes, start, end), info, segment);
    unpackSegment(bytes, start, end, plane);
    if (plane === target) return;
    const sample = Math.floor(segment / bytesPerSample);
    const significance = segment % bytesPerSample; // 0 = most significant byte
    const byteInSample = littleEndianHost ? bytesPerSample - 1 - significance : significance;
    let position = sample * bytesPerSample + byteInSample;
    for (let i = 0; i < pixelCount; i++, position += stride) target[position] = plane[i] as number;
  });
  applyBitsStored(pixels, info.bitsStored, signed);
  return {
    info: {
      rows,
      columns,
      samplesPerPixel,
      bitsAllocated,
      bitsStored: info.bitsStored,
      pixelRepresentation,
      photometricInterpretation: info.photometricInterpretation,
    },
    pixels,
  };
}

/** RLE Lossless (PS3.5 Annex G), own implementation: 8/16/32-bit, 1 to 15 byte planes. */
export const rleCodec: FrameCodec = {
  initialize: async () => {},
  decode: async (bytes, info) => decodeRleFrame(bytes, info),
};
