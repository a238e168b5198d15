import { transferSyntaxInfo } from '../dicom/transfer-syntax.js';
import { Errors } from '../errors/engine-error.js';
import type { DecodedFrame, PixelArray } from '../image/decoded-frame.js';
import { applyBitsStored, interleavePlanar } from '../image/pixel-array.js';
import { uninitializedPixelArray } from '../image/uninitialized.js';
import type { FrameCodec, FrameInfo } from './frame-codec.js';

/** 1-bit data, least significant bit first (PS3.5 8.1.1), to one byte a pixel. */
function unpackBits(bytes: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = ((bytes[i >> 3] as number) >> (i & 7)) & 1;
  return out;
}

/**
 * YBR_FULL_422 stores Y1 Y2 Cb Cr for each pair of pixels (PS3.3 C.7.6.3.1.2): repeat the chroma
 * for both, giving full YBR interleaved — what pydicom/GDCM, the reference decoder, output.
 */
function expandYbr422(bytes: Uint8Array, rows: number, columns: number): Uint8Array {
  const out = new Uint8Array(rows * columns * 3);
  let source = 0;
  let target = 0;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column += 2) {
      const cb = bytes[source + 2] as number;
      const cr = bytes[source + 3] as number;
      out[target++] = bytes[source] as number;
      out[target++] = cb;
      out[target++] = cr;
      if (column + 1 < columns) {
        out[target++] = bytes[source + 1] as number;
        out[target++] = cb;
        out[target++] = cr;
      }
      source += 4;
    }
  }
  return out;
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A typed view of `bytes` as samples (no copy), when they are aligned for it. */
function sampleView(bytes: Uint8Array, width: 1 | 2 | 4, signed: boolean, count: number): PixelArray | undefined {
  if (bytes.byteOffset % width !== 0) return undefined;
  const { buffer, byteOffset } = bytes;
  if (width === 1) return signed ? new Int8Array(buffer, byteOffset, count) : new Uint8Array(buffer, byteOffset, count);
  if (width === 2)
    return signed ? new Int16Array(buffer, byteOffset, count) : new Uint16Array(buffer, byteOffset, count);
  return signed ? new Int32Array(buffer, byteOffset, count) : new Uint32Array(buffer, byteOffset, count);
}

/**
 * The samples of a native frame. Host-order samples that Bits Stored fills are a view of `bytes`
 * (no copy: the frame's bytes are its pixels), and so are samples with nothing above Bits Stored
 * (checked in one read-only pass); others are copied and masked in one pass;
 * big-endian samples are copied and byte-swapped. Copies are not zeroed first (every sample is
 * written).
 */
function readSamples(bytes: Uint8Array, info: FrameInfo, count: number, littleEndian: boolean): PixelArray {
  const width = (info.bitsAllocated / 8) as 1 | 2 | 4;
  const signed = info.pixelRepresentation === 1;
  const hostOrder = width === 1 || littleEndian === littleEndianHost;
  const masked = info.bitsStored > 0 && info.bitsStored < info.bitsAllocated;
  const source = hostOrder ? sampleView(bytes, width, false, count) : undefined;
  if (source !== undefined && !masked) return sampleView(bytes, width, signed, count) as PixelArray;
  if (source !== undefined) {
    // Most encoders leave nothing above Bits Stored: then the stored samples are the pixels, as they are.
    const view = sampleView(bytes, width, signed, count) as PixelArray;
    if (withinBitsStored(view, info.bitsStored, signed)) return view;
    const pixels = uninitializedPixelArray(info.bitsAllocated, signed, count);
    maskInto(source, pixels, info.bitsStored, signed);
    return pixels;
  }
  const pixels = uninitializedPixelArray(info.bitsAllocated, signed, count);
  const target = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  target.set(bytes.subarray(0, count * width));
  if (!hostOrder) {
    // Node's native byte swaps: a per-sample loop costs ~200× more on a 512×512 frame.
    const swappable = Buffer.from(target.buffer, target.byteOffset, target.byteLength);
    if (width === 2) swappable.swap16();
    else swappable.swap32();
  }
  applyBitsStored(pixels, info.bitsStored, signed);
  return pixels;
}

/**
 * 16-bit samples, two a 32-bit read, with no per-sample branch. Unsigned: every bit from Bits Stored
 * up is 0, so OR-ing all words and masking once decides. Signed: bits Bits Stored − 1 … 15 of each
 * sample are all equal (a sign extension), i.e. bits b−1 … 14 of (w ^ w >>> 1) are 0 in both halves
 * (the bit shifted across the halves lands in bit 15, which is not looked at).
 */
function within16(samples: Int16Array | Uint16Array, bitsStored: number, signed: boolean): boolean {
  const n = samples.length;
  const lane = signed ? 0x7fff & ~((1 << (bitsStored - 1)) - 1) : 0xffff & ~((1 << bitsStored) - 1);
  const mask = (lane | (lane << 16)) >>> 0;
  const pairs = n >> 1;
  const words = new Uint32Array(samples.buffer, samples.byteOffset, pairs);
  let seen = 0;
  if (signed) {
    for (let j = 0; j < pairs; j++) {
      const w = words[j] as number;
      seen |= w ^ (w >>> 1);
    }
  } else {
    for (let j = 0; j < pairs; j++) seen |= words[j] as number;
  }
  if (n % 2 === 1) {
    const last = (samples[n - 1] as number) & 0xffff;
    seen |= signed ? last ^ (last >>> 1) : last;
  }
  return (seen & mask) === 0;
}

/**
 * True when every sample already is what masking to `bitsStored` bits (sign-extended when signed)
 * would make of it: one read-only pass, far cheaper than a masked copy into new memory.
 */
function withinBitsStored(samples: PixelArray, bitsStored: number, signed: boolean): boolean {
  const n = samples.length;
  if ((samples instanceof Int16Array || samples instanceof Uint16Array) && samples.byteOffset % 4 === 0) {
    return within16(samples, bitsStored, signed);
  }
  if (!signed) {
    let above = 0;
    const mask = bitsStored >= 32 ? 0 : ~((1 << bitsStored) - 1);
    for (let i = 0; i < n; i++) above |= (samples[i] as number) & mask;
    return above === 0;
  }
  const max = 2 ** (bitsStored - 1) - 1;
  const min = -(2 ** (bitsStored - 1));
  let low = 0;
  let high = 0;
  for (let i = 0; i < n; i++) {
    const value = samples[i] as number;
    if (value < low) low = value;
    else if (value > high) high = value;
  }
  return low >= min && high <= max;
}

/** `target[i]` = `source[i]` masked to `bitsStored` bits (sign-extended when signed): copy and mask in one pass. */
function maskInto(source: PixelArray, target: PixelArray, bitsStored: number, signed: boolean): void {
  const n = target.length;
  if (!signed) {
    const mask = bitsStored >= 32 ? 0xffffffff : (1 << bitsStored) - 1;
    for (let i = 0; i < n; i++) target[i] = (source[i] as number) & mask;
    return;
  }
  const shift = 32 - bitsStored;
  for (let i = 0; i < n; i++) target[i] = ((source[i] as number) << shift) >> shift;
}

const isSampleWidth = (bits: number): bits is 1 | 8 | 16 | 32 => bits === 1 || bits === 8 || bits === 16 || bits === 32;

function decodeNative(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  const { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, pixelRepresentation } = info;
  if (!isSampleWidth(bitsAllocated)) throw Errors.invalidPixelModule(`Bits Allocated ${bitsAllocated}`);
  const frameInfo = {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    pixelRepresentation,
    photometricInterpretation: info.photometricInterpretation,
  };
  const count = rows * columns * samplesPerPixel;
  if (bitsAllocated === 1) {
    if (bytes.length * 8 < count) throw Errors.truncated(`a 1-bit frame needs ${Math.ceil(count / 8)} bytes`);
    return { info: frameInfo, pixels: unpackBits(bytes, count) };
  }
  if (info.photometricInterpretation === 'YBR_FULL_422' && samplesPerPixel === 3) {
    if (bitsAllocated !== 8) throw Errors.invalidPixelModule('YBR_FULL_422 with samples wider than 8 bits');
    const needed = rows * (columns + (columns % 2)) * 2;
    if (bytes.length < needed) throw Errors.truncated(`a YBR_FULL_422 frame needs ${needed} bytes`);
    return { info: frameInfo, pixels: expandYbr422(bytes, rows, columns) };
  }
  const needed = (count * bitsAllocated) / 8;
  if (bytes.length < needed) throw Errors.truncated(`the frame needs ${needed} bytes, has ${bytes.length}`);
  const littleEndian = transferSyntaxInfo(info.transferSyntaxUid)?.littleEndian ?? true;
  let pixels = readSamples(bytes, info, count, littleEndian);
  if (info.planarConfiguration === 1 && samplesPerPixel > 1) pixels = interleavePlanar(pixels, samplesPerPixel);
  return { info: frameInfo, pixels };
}

/**
 * Native (uncompressed) pixel data, from `frameBytes`: little or big endian, 1-bit packed,
 * planar configuration 1, YBR_FULL_422 subsampled chroma. Aligned little-endian samples that fill
 * Bits Allocated are returned as a view of `bytes` (no copy: callers must not change `bytes` while
 * they use the pixels, and must copy a view they want to keep apart); anything else is a fresh,
 * owned buffer. `info.photometricInterpretation` is the stored one.
 */
export const nativeCodec: FrameCodec = {
  initialize: async () => {},
  decode: async (bytes, info) => decodeNative(bytes, info),
};
