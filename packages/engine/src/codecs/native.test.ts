import { describe, expect, it } from 'vitest';
import { loadManifest, readCorpusFile } from '../decode/corpus.test-util.js';
import { pixelStatistics } from '../decode/frame-statistics.js';
import { frameBytes } from '../dicom/frame-bytes.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import { TransferSyntax, transferSyntaxInfo } from '../dicom/transfer-syntax.js';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import type { FrameInfo } from './frame-codec.js';
import { nativeCodec } from './native.js';

describe('nativeCodec over the corpus (frame 0 against the reference decoder)', () => {
  const native = loadManifest().filter(
    (entry) =>
      entry.frame0 !== undefined &&
      entry.pixels === undefined &&
      transferSyntaxInfo(entry.transferSyntax ?? '')?.family === 'native',
  );

  it('covers every native file with a reference frame', () => {
    expect(native.map((e) => e.file)).toEqual(
      expect.arrayContaining([
        'CT1_UNC.explicit_big_endian.dcm',
        'MR_small_expb.dcm',
        'SC_rgb_small_odd_big_endian.dcm',
        'ExplVR_BigEnd.dcm',
        'image_dfl.dcm',
        'liver_1frame.dcm',
        'examples_palette.dcm',
        'SC_ybr_full_422_uncompressed.dcm',
      ]),
    );
  });

  for (const entry of native) {
    it(entry.file, async () => {
      const parsed = parseDicom(readCorpusFile(entry.file));
      if (parsed.frameInfo === undefined || entry.frame0 === undefined) throw new Error('no frame');
      const frame = await nativeCodec.decode(frameBytes(parsed, 0), parsed.frameInfo);
      const { shape, sha256: reference, min, max, mean } = entry.frame0;
      expect([frame.info.rows, frame.info.columns, frame.info.samplesPerPixel]).toEqual([
        shape[0],
        shape[1],
        shape[2] ?? 1,
      ]);
      expect(frame.info.photometricInterpretation).toBe(entry.photometricInterpretation);
      expect(frame.pixels.length).toBe(shape.reduce((a, b) => a * b, 1));
      const stats = pixelStatistics(frame.pixels);
      if (reference !== undefined) expect(stats.sha256).toBe(reference);
      // Files without a reference hash (1-bit, YBR_FULL_422) must still match its statistics exactly.
      expect(stats.min).toBe(min);
      expect(stats.max).toBe(max);
      expect(stats.mean).toBeCloseTo(mean, 3);
    });
  }
});

const info = (overrides: Partial<FrameInfo>): FrameInfo => ({
  transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
  rows: 1,
  columns: 2,
  samplesPerPixel: 1,
  bitsAllocated: 16,
  bitsStored: 16,
  pixelRepresentation: 0,
  photometricInterpretation: 'MONOCHROME2',
  planarConfiguration: 0,
  ...overrides,
});

describe('nativeCodec', () => {
  it('swaps 16- and 32-bit samples of big endian data', async () => {
    const big16 = await nativeCodec.decode(
      new Uint8Array([0x12, 0x34, 0xff, 0xfe]),
      info({ transferSyntaxUid: TransferSyntax.ExplicitVRBigEndian, pixelRepresentation: 1 }),
    );
    expect(big16.pixels).toBeInstanceOf(Int16Array);
    expect(Array.from(big16.pixels)).toEqual([0x1234, -2]);
    const big32 = await nativeCodec.decode(
      new Uint8Array([0x01, 0x02, 0x03, 0x04, 0xff, 0xff, 0xff, 0xff]),
      info({ transferSyntaxUid: TransferSyntax.ExplicitVRBigEndian, bitsAllocated: 32, bitsStored: 32 }),
    );
    expect(big32.pixels).toBeInstanceOf(Uint32Array);
    expect(Array.from(big32.pixels)).toEqual([0x01020304, 0xffffffff]);
  });

  it('masks to Bits Stored, and sign-extends signed data', async () => {
    const bytes = new Uint8Array([0x23, 0xf1, 0xff, 0x0f]); // 0xF123, 0x0FFF
    const unsigned = await nativeCodec.decode(bytes, info({ bitsStored: 12 }));
    expect(Array.from(unsigned.pixels)).toEqual([0x123, 0xfff]);
    const signed = await nativeCodec.decode(bytes, info({ bitsStored: 12, pixelRepresentation: 1 }));
    expect(Array.from(signed.pixels)).toEqual([0x123, -1]);
  });

  it('uses the stored samples as they are (no copy) when nothing lies above Bits Stored', async () => {
    const clean = new Uint8Array([0x23, 0x01, 0xff, 0x0f]); // 0x0123, 0x0FFF
    const unsigned = await nativeCodec.decode(clean, info({ bitsStored: 12 }));
    expect(Array.from(unsigned.pixels)).toEqual([0x123, 0xfff]);
    expect(unsigned.pixels.buffer).toBe(clean.buffer);
    // Signed, already sign-extended: -1 and 2047 fit 12 bits.
    const extended = new Uint8Array([0xff, 0xff, 0xff, 0x07]);
    const signed = await nativeCodec.decode(extended, info({ bitsStored: 12, pixelRepresentation: 1 }));
    expect(Array.from(signed.pixels)).toEqual([-1, 2047]);
    expect(signed.pixels.buffer).toBe(extended.buffer);
    // 0x0800 as signed 12-bit is -2048: not sign-extended in 16 bits, so it is masked (copied).
    const unextended = new Uint8Array([0x00, 0x08, 0x01, 0x00]);
    const masked = await nativeCodec.decode(unextended, info({ bitsStored: 12, pixelRepresentation: 1 }));
    expect(Array.from(masked.pixels)).toEqual([-2048, 1]);
    expect(masked.pixels.buffer).not.toBe(unextended.buffer);
  });

  it('decides "within Bits Stored" exactly for 16-bit samples: every width, sign, odd length and alignment', async () => {
    let state = 7;
    const next = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state;
    };
    for (const bitsStored of [1, 2, 8, 11, 12, 15]) {
      for (const pixelRepresentation of [0, 1] as const) {
        for (const count of [1, 2, 5, 64]) {
          for (const byteOffset of [0, 2, 4]) {
            for (const clean of [true, false]) {
              const buffer = new ArrayBuffer(byteOffset + count * 2);
              const samples = new Uint16Array(buffer, byteOffset, count);
              const half = 2 ** (bitsStored - 1);
              for (let i = 0; i < count; i++) {
                // Clean: values the stored bits can hold (sign-extended when signed); else any bit pattern.
                const value = pixelRepresentation === 1 ? (next() % (2 * half)) - half : next() % (2 * half);
                samples[i] = clean ? value & 0xffff : next() & 0xffff;
              }
              if (!clean) samples[next() % count] = pixelRepresentation === 1 ? half & 0xffff : 0x8000 | (1 << 15);
              const shift = 32 - bitsStored;
              const expected = Array.from(samples, (raw) =>
                pixelRepresentation === 1 ? (raw << shift) >> shift : raw & ((1 << bitsStored) - 1),
              );
              const inPlace = expected.every((value, i) =>
                pixelRepresentation === 1 ? value === ((samples[i] as number) << 16) >> 16 : value === samples[i],
              );
              const frame = await nativeCodec.decode(
                new Uint8Array(buffer, byteOffset, count * 2),
                info({ rows: 1, columns: count, bitsStored, pixelRepresentation }),
              );
              expect(Array.from(frame.pixels)).toEqual(expected);
              expect(frame.pixels.buffer === buffer).toBe(inPlace);
            }
          }
        }
      }
    }
  });

  it('interleaves planar colour (Planar Configuration 1)', async () => {
    const planar = new Uint8Array([1, 2, 10, 20, 100, 200]); // R1 R2 G1 G2 B1 B2
    const frame = await nativeCodec.decode(
      planar,
      info({
        bitsAllocated: 8,
        bitsStored: 8,
        samplesPerPixel: 3,
        photometricInterpretation: 'RGB',
        planarConfiguration: 1,
      }),
    );
    expect(Array.from(frame.pixels)).toEqual([1, 10, 100, 2, 20, 200]);
  });

  it('unpacks 1-bit data least significant bit first, one byte a pixel', async () => {
    const frame = await nativeCodec.decode(
      new Uint8Array([0b10000101, 0b00000010]),
      info({ rows: 2, columns: 5, bitsAllocated: 1, bitsStored: 1 }),
    );
    expect(frame.info.bitsAllocated).toBe(1);
    expect(frame.pixels).toBeInstanceOf(Uint8Array);
    expect(Array.from(frame.pixels)).toEqual([1, 0, 1, 0, 0, 0, 0, 1, 0, 1]);
  });

  it('expands YBR_FULL_422 chroma to every pixel and reports the stored interpretation', async () => {
    const frame = await nativeCodec.decode(
      new Uint8Array([10, 20, 128, 129, 30, 40, 100, 101]), // Y1 Y2 Cb Cr, twice
      info({
        rows: 1,
        columns: 4,
        bitsAllocated: 8,
        bitsStored: 8,
        samplesPerPixel: 3,
        photometricInterpretation: 'YBR_FULL_422',
      }),
    );
    expect(frame.info.photometricInterpretation).toBe('YBR_FULL_422');
    expect(Array.from(frame.pixels)).toEqual([10, 128, 129, 20, 128, 129, 30, 100, 101, 40, 100, 101]);
  });

  it('returns aligned little-endian samples that fill Bits Allocated as a view of the input, without a copy', async () => {
    const source = new Uint8Array(64).fill(7);
    const bytes = source.subarray(8, 8 + 4);
    const frame = await nativeCodec.decode(bytes, info({ columns: 2, bitsAllocated: 16, bitsStored: 16 }));
    expect(frame.pixels).toBeInstanceOf(Uint16Array);
    expect(frame.pixels.buffer).toBe(source.buffer);
    expect(frame.pixels.byteOffset).toBe(8);
    expect(Array.from(frame.pixels)).toEqual([0x0707, 0x0707]);
  });

  it('copies into a buffer of its own when samples are masked, swapped or misaligned', async () => {
    const source = new Uint8Array(64).fill(0xff);
    const masked = await nativeCodec.decode(source.subarray(8, 12), info({ bitsStored: 12 }));
    const swapped = await nativeCodec.decode(
      source.subarray(8, 12),
      info({ transferSyntaxUid: TransferSyntax.ExplicitVRBigEndian }),
    );
    const misaligned = await nativeCodec.decode(source.subarray(9, 13), info({}));
    source.fill(0);
    for (const frame of [masked, swapped, misaligned]) {
      expect(frame.pixels.buffer).not.toBe(source.buffer);
      expect(frame.pixels.byteOffset).toBe(0);
      expect(frame.pixels.buffer.byteLength).toBe(frame.pixels.byteLength);
    }
    expect(Array.from(masked.pixels)).toEqual([0xfff, 0xfff]);
    expect(Array.from(swapped.pixels)).toEqual([0xffff, 0xffff]);
    expect(Array.from(misaligned.pixels)).toEqual([0xffff, 0xffff]);
  });

  it('rejects short frames and impossible sample sizes with typed errors', async () => {
    expect(await errorCodeOf(() => nativeCodec.decode(new Uint8Array(3), info({})))).toBe('TRUNCATED_DICOM');
    expect(await errorCodeOf(() => nativeCodec.decode(new Uint8Array(0), info({ bitsAllocated: 1 })))).toBe(
      'TRUNCATED_DICOM',
    );
    expect(await errorCodeOf(() => nativeCodec.decode(new Uint8Array(8), info({ bitsAllocated: 12 })))).toBe(
      'INVALID_PIXEL_MODULE',
    );
  });
});
