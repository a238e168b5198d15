import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../decode/seeded-noise.test-util.js';
import { TransferSyntax } from '../../dicom/transfer-syntax.js';
import type { FrameInfo } from '../frame-codec.js';
import { rleCodec } from '../rle.js';
import { encodeRle } from './rle-encoder.js';

function info(rows: number, columns: number, bitsAllocated: number, samplesPerPixel = 1): FrameInfo {
  return {
    transferSyntaxUid: TransferSyntax.RleLossless,
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored: bitsAllocated,
    pixelRepresentation: 0,
    photometricInterpretation: samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2',
    planarConfiguration: 0,
  };
}

describe('encodeRle', () => {
  it('round-trips a noisy 16-bit image with flat regions through the engine RLE decoder', async () => {
    const random = seededRandom(7);
    const size = 128;
    const pixels = new Uint16Array(size * size);
    for (let i = 0; i < pixels.length; i++) {
      const inside = Math.hypot((i % size) - 64, Math.floor(i / size) - 64) < 40;
      pixels[i] = inside ? 1000 + Math.floor(random() * 40) : 24;
    }
    const frameInfo = info(size, size, 16);
    const decoded = await rleCodec.decode(encodeRle(pixels, frameInfo), frameInfo);
    expect(decoded.pixels).toEqual(pixels);
  });

  it('round-trips long runs, short runs and literals across 128-byte boundaries', async () => {
    const columns = 700;
    const pixels = new Uint8Array(3 * columns);
    const random = seededRandom(3);
    pixels.fill(9, 0, 300); // one long run, split at 128
    for (let i = 300; i < 700; i++) pixels[i] = Math.floor(random() * 256); // literals
    for (let i = 700; i < 1400; i++) pixels[i] = i % 5 < 2 ? 1 : 2; // runs of 2 and 3
    pixels.fill(0, 1400); // a row of zeros
    const frameInfo = info(3, columns, 8);
    const encoded = encodeRle(pixels, frameInfo);
    expect(encoded.length % 2).toBe(0);
    expect((await rleCodec.decode(encoded, frameInfo)).pixels).toEqual(pixels);
  });

  it('writes one segment per byte of each sample, most significant first', async () => {
    const pixels = new Uint32Array([0x01020304, 0x05060708, 0xa0b0c0d0, 0xffffffff, 0, 1]);
    const frameInfo = info(1, 2, 32, 3);
    const encoded = encodeRle(pixels, frameInfo);
    const header = new DataView(encoded.buffer, encoded.byteOffset, 64);
    expect(header.getUint32(0, true)).toBe(12);
    const firstSegment = encoded.subarray(header.getUint32(4, true), header.getUint32(8, true));
    expect([...firstSegment.subarray(0, 3)]).toEqual([1, 0x01, 0xff]); // literal of 2: MSBs of samples 0 and 3
    expect((await rleCodec.decode(encoded, frameInfo)).pixels).toEqual(pixels);
  });

  it('rejects a pixel array that does not match the frame info with a typed error', () => {
    expect(() => encodeRle(new Uint16Array(10), info(4, 4, 16))).toThrow(
      expect.objectContaining({ code: 'INVALID_PIXEL_MODULE' }),
    );
    expect(() => encodeRle(new Uint8Array(16), info(4, 4, 12))).toThrow(
      expect.objectContaining({ code: 'INVALID_PIXEL_MODULE' }),
    );
  });
});
