import { Errors } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { applyBitsStored, createPixelArray } from '../image/pixel-array.js';
import type { FrameCodec, FrameInfo } from './frame-codec.js';

/**
 * Decode one PackBits segment (PS3.5 G.3.1) into `out` (exactly `out.length` bytes expected).
 * Returns the bytes produced; never reads or writes out of bounds.
 */
export function unpackSegment(source: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let at = start;
  let produced = 0;
  const size = out.length;
  while (at < end && produced < size) {
    const header = source[at++] as number;
    if (header < 128) {
      const count = Math.min(header + 1, end - at, size - produced);
      out.set(source.subarray(at, at + count), produced);
      produced += count;
      at += header + 1;
    } else if (header > 128) {
      if (at >= end) break;
      const value = source[at++] as number;
      const count = Math.min(257 - header, size - produced);
      out.fill(value, produced, produced + count);
      produced += count;
    }
  }
  return produced;
}

function decodeRle(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  const uid = info.transferSyntaxUid;
  const { rows, columns, samplesPerPixel, bitsAllocated, pixelRepresentation } = info;
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw Errors.corruptPixelData(uid, `RLE with Bits Allocated ${bitsAllocated}`);
  }
  if (bytes.length < 64) throw Errors.corruptPixelData(uid, 'RLE header is shorter than 64 bytes');
  const header = new DataView(bytes.buffer, bytes.byteOffset, 64);
  const segmentCount = header.getUint32(0, true);
  const bytesPerSample = bitsAllocated / 8;
  const expected = bytesPerSample * samplesPerPixel;
  if (segmentCount !== expected) {
    throw Errors.corruptPixelData(uid, `RLE frame has ${segmentCount} segments, ${expected} expected`);
  }
  const offsets: number[] = [];
  for (let i = 0; i < segmentCount; i++) offsets.push(header.getUint32(4 + i * 4, true));
  const pixelCount = rows * columns;
  const signed = pixelRepresentation === 1;
  const pixels = createPixelArray(bitsAllocated, signed, pixelCount * samplesPerPixel);
  const plane = new Uint8Array(pixelCount);
  // Little-endian host byte layout of the output samples.
  const target = new Uint8Array(pixels.buffer);
  for (let segment = 0; segment < segmentCount; segment++) {
    const start = offsets[segment] as number;
    const end = segment + 1 < segmentCount ? (offsets[segment + 1] as number) : bytes.length;
    if (start < 64 || start > bytes.length || end < start || end > bytes.length) {
      throw Errors.corruptPixelData(uid, `RLE segment ${segment} offset out of range`);
    }
    const produced = unpackSegment(bytes, start, end, plane);
    if (produced < pixelCount) {
      throw Errors.corruptPixelData(uid, `RLE segment ${segment} decodes to ${produced} of ${pixelCount} bytes`);
    }
    const sample = Math.floor(segment / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (segment % bytesPerSample); // segments are MSB first
    const stride = samplesPerPixel * bytesPerSample;
    let position = sample * bytesPerSample + byteInSample;
    for (let i = 0; i < pixelCount; i++, position += stride) target[position] = plane[i] as number;
  }
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

/** RLE Lossless (PS3.5 Annex G), own implementation: 8/16/32-bit, any samples per pixel. */
export const rleCodec: FrameCodec = {
  initialize: async () => {},
  decode: async (bytes, info) => decodeRle(bytes, info),
};
