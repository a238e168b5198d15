import { describe, expect, it } from 'vitest';
import { loadManifest } from '../decode/corpus.test-util.js';
import { frameStatistics } from '../decode/frame-statistics.js';
import { noise } from '../decode/seeded-noise.test-util.js';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import { encapsulatedFrame } from './encapsulated-fragments.test-util.js';
import type { FrameInfo } from './frame-codec.js';
import { rleCodec } from './rle.js';

const RLE = '1.2.840.10008.1.2.5';
const rleFiles = loadManifest().filter((entry) => entry.transferSyntax === RLE && entry.frame0 !== undefined);

/** PackBits as literal runs only (≤ 128 bytes each). */
function literalRuns(plane: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < plane.length; i += 128) {
    const run = Array.from({ length: Math.min(128, plane.length - i) }, (_, k) => plane[i + k] as number);
    out.push(run.length - 1, ...run);
  }
  return out;
}

/** An RLE frame from already-encoded segments: 64-byte header, then the segments in order. */
function rleFrame(segments: number[][]): Uint8Array {
  const total = 64 + segments.reduce((sum, s) => sum + s.length, 0);
  const out = new Uint8Array(total);
  const header = new DataView(out.buffer);
  header.setUint32(0, segments.length, true);
  let at = 64;
  segments.forEach((segment, index) => {
    header.setUint32(4 + index * 4, at, true);
    out.set(segment, at);
    at += segment.length;
  });
  return out;
}

function frameInfo(overrides: Partial<FrameInfo>): FrameInfo {
  return {
    transferSyntaxUid: RLE,
    rows: 2,
    columns: 2,
    samplesPerPixel: 1,
    bitsAllocated: 8,
    bitsStored: 8,
    pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2',
    planarConfiguration: 0,
    ...overrides,
  };
}

describe('RLE Lossless decoding of the corpus', () => {
  it('finds the RLE files in the manifest', () => {
    expect(rleFiles.map((entry) => entry.file)).toEqual(
      expect.arrayContaining(['MR_small_RLE.dcm', 'SC_rgb_rle_32bit.dcm', 'rtdose_rle.dcm']),
    );
  });

  for (const entry of rleFiles) {
    it(`${entry.file}: frame 0 hashes to the reference`, async () => {
      const { bytes, info, frames } = encapsulatedFrame(entry.file);
      const frame = await rleCodec.decode(bytes, info);
      expect(frame.info).toMatchObject({
        rows: info.rows,
        columns: info.columns,
        samplesPerPixel: info.samplesPerPixel,
      });
      expect(frameStatistics(frame).sha256).toBe(entry.frame0?.sha256);
      for (let index = 1; index < frames; index++) {
        const next = await rleCodec.decode(encapsulatedFrame(entry.file, index).bytes, info);
        expect(next.pixels.length).toBe(frame.pixels.length);
      }
    });
  }

  it('tolerates a padding byte after the last segment', async () => {
    const { bytes, info } = encapsulatedFrame('MR_small_RLE.dcm');
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    const frame = await rleCodec.decode(padded, info);
    expect(frameStatistics(frame).sha256).toBe(rleFiles.find((e) => e.file === 'MR_small_RLE.dcm')?.frame0?.sha256);
  });
});

describe('RLE Lossless byte planes', () => {
  it('puts the most significant segment in the high byte and interleaves samples', async () => {
    const segments = [
      [0x12, 0x34, 0x56, 0x78], // sample 0, high bytes
      [0x9a, 0xbc, 0xde, 0xf0], // sample 0, low bytes
      [0, 0, 0, 1],
      [1, 2, 3, 4],
    ].map(literalRuns);
    const info = frameInfo({ samplesPerPixel: 2, bitsAllocated: 16, bitsStored: 16 });
    const frame = await rleCodec.decode(rleFrame(segments), info);
    expect(Array.from(frame.pixels)).toEqual([0x129a, 0x0001, 0x34bc, 0x0002, 0x56de, 0x0003, 0x78f0, 0x0104]);
  });

  it('sign-extends signed samples from Bits Stored', async () => {
    const info = frameInfo({ bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1 });
    const frame = await rleCodec.decode(
      rleFrame([literalRuns([0x0f, 0x08, 0xf7, 0x00]), literalRuns([0xff, 0x00, 0xff, 0x05])]),
      info,
    );
    expect(frame.pixels).toBeInstanceOf(Int16Array);
    expect(Array.from(frame.pixels)).toEqual([-1, -2048, 2047, 5]);
  });

  it('decodes replicate runs and skips the no-op header 128', async () => {
    const info = frameInfo({ rows: 1, columns: 6 });
    const segment = [256 - 3, 7, 128, 2, 1, 2, 3]; // 7 ×4, no-op, literal 1 2 3 → 7 7 7 7 1 2 (one byte over)
    const frame = await rleCodec.decode(rleFrame([segment]), info);
    expect(Array.from(frame.pixels)).toEqual([7, 7, 7, 7, 1, 2]);
  });

  it('decodes 32-bit samples most significant byte first', async () => {
    const info = frameInfo({ rows: 1, columns: 1, bitsAllocated: 32, bitsStored: 32 });
    const frame = await rleCodec.decode(
      rleFrame([
        [0, 0x80],
        [0, 1],
        [0, 2],
        [0, 3],
      ]),
      info,
    );
    expect(Array.from(frame.pixels)).toEqual([0x80010203]);
  });
});

describe('RLE Lossless bad input', () => {
  const info = frameInfo({});
  const good = rleFrame([literalRuns([1, 2, 3, 4])]);

  it.each([
    ['a header shorter than 64 bytes', good.subarray(0, 40), info],
    [
      'more than 15 segments',
      (() => {
        const b = good.slice();
        b[0] = 16;
        return b;
      })(),
      info,
    ],
    ['a segment count the attributes do not need', good, frameInfo({ bitsAllocated: 16, bitsStored: 16 })],
    [
      'a segment offset inside the header',
      (() => {
        const b = good.slice();
        b[4] = 10;
        return b;
      })(),
      info,
    ],
    [
      'a segment offset past the end',
      (() => {
        const b = good.slice();
        b[5] = 2;
        return b;
      })(),
      info,
    ],
    ['a segment cut short', good.subarray(0, good.length - 1), info],
    ['a frame larger than the data', good, frameInfo({ rows: 3 })],
    ['a frame a whole row smaller than the data', good, frameInfo({ rows: 1 })],
    ['Bits Allocated 12', good, frameInfo({ bitsAllocated: 12, bitsStored: 12 })],
    ['zero rows', good, frameInfo({ rows: 0 })],
    ['an empty frame', new Uint8Array(0), info],
  ])('rejects %s with CORRUPT_PIXEL_DATA', async (_name, bytes, frame) => {
    expect(await errorCodeOf(() => rleCodec.decode(bytes, frame))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('rejects a truncated corpus frame and random bytes', async () => {
    const { bytes, info: mr } = encapsulatedFrame('MR_small_RLE.dcm');
    expect(await errorCodeOf(() => rleCodec.decode(bytes.subarray(0, bytes.length - 40), mr))).toBe(
      'CORRUPT_PIXEL_DATA',
    );
    expect(await errorCodeOf(() => rleCodec.decode(noise(4096), mr))).toBe('CORRUPT_PIXEL_DATA');
  });
});
