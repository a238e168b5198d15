import { transferSyntaxInfo } from '../dicom/transfer-syntax.js';
import { Errors } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { applyBitsStored, createPixelArray, interleavePlanar } from '../image/pixel-array.js';
import type { FrameCodec, FrameInfo } from './frame-codec.js';

function unpackBits(bytes: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = ((bytes[i >> 3] as number) >> (i & 7)) & 1;
  return out;
}

/** YBR_FULL_422 stores Y1 Y2 Cb Cr for each pair of pixels: repeat the chroma (PS3.3 C.7.6.3.1.2). */
function expandYbr422(bytes: Uint8Array, rows: number, columns: number): Uint8Array {
  const out = new Uint8Array(rows * columns * 3);
  let source = 0;
  let target = 0;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column += 2) {
      const y1 = bytes[source] as number;
      const y2 = bytes[source + 1] as number;
      const cb = bytes[source + 2] as number;
      const cr = bytes[source + 3] as number;
      source += 4;
      out[target++] = y1;
      out[target++] = cb;
      out[target++] = cr;
      if (column + 1 < columns) {
        out[target++] = y2;
        out[target++] = cb;
        out[target++] = cr;
      }
    }
  }
  return out;
}

function decodeNative(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  const { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, pixelRepresentation } = info;
  const signed = pixelRepresentation === 1;
  const count = rows * columns * samplesPerPixel;
  const frameInfo = {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated: bitsAllocated as 1 | 8 | 16 | 32,
    bitsStored,
    pixelRepresentation,
    photometricInterpretation: info.photometricInterpretation,
  };
  if (bitsAllocated === 1) {
    if (bytes.length * 8 < count) throw Errors.truncated('1-bit frame is short');
    return { info: frameInfo, pixels: unpackBits(bytes, count) };
  }
  if (info.photometricInterpretation === 'YBR_FULL_422' && samplesPerPixel === 3 && bitsAllocated === 8) {
    const needed = rows * (columns + (columns % 2)) * 2;
    if (bytes.length < needed) throw Errors.truncated('YBR_FULL_422 frame is short');
    return {
      info: { ...frameInfo, photometricInterpretation: 'YBR_FULL' },
      pixels: expandYbr422(bytes, rows, columns),
    };
  }
  const width = bitsAllocated / 8;
  if (bytes.length < count * width) {
    throw Errors.truncated(`frame needs ${count * width} bytes, has ${bytes.length}`);
  }
  const littleEndian = transferSyntaxInfo(info.transferSyntaxUid)?.littleEndian ?? true;
  let pixels = createPixelArray(bitsAllocated, signed, count);
  const target = new Uint8Array(pixels.buffer);
  target.set(bytes.subarray(0, count * width));
  if (!littleEndian && width > 1) {
    for (let i = 0; i < target.length; i += width) {
      for (let b = 0; b < width / 2; b++) {
        const t = target[i + b] as number;
        target[i + b] = target[i + width - 1 - b] as number;
        target[i + width - 1 - b] = t;
      }
    }
  }
  if (info.planarConfiguration === 1 && samplesPerPixel > 1) pixels = interleavePlanar(pixels, samplesPerPixel);
  applyBitsStored(pixels, bitsStored, signed);
  return { info: frameInfo, pixels };
}

/** Native (uncompressed) pixel data: little or big endian, 1-bit packed, planar, YBR_FULL_422. */
export const nativeCodec: FrameCodec = {
  initialize: async () => {},
  decode: async (bytes, info) => decodeNative(bytes, info),
};
