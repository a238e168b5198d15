import { describe, expect, it } from 'vitest';
import { pixelStatistics } from '../decode/frame-statistics.js';
import { xorshiftNoise } from '../decode/seeded-noise.test-util.js';
import { TransferSyntax } from '../dicom/transfer-syntax.js';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import { encapsulatedFrame } from './encapsulated-fragments.test-util.js';
import { nativeFrame } from './encoders/corpus-frames.test-util.js';
import { encodeHtj2k } from './encoders/htj2k-encoder.js';
import type { FrameInfo } from './frame-codec.js';
import { htj2kCodec } from './htj2k.js';
import { readJ2kHeader } from './j2k-codestream.js';

// The corpus has no HTJ2K file: encode its native frames with OpenJPH's encoder.
const ct = nativeFrame('CT1_UNC.explicit_little_endian.dcm'); // 512², 16-bit signed
const rgb = nativeFrame('examples_rgb_color.dcm'); // 320 × 240, 8-bit RGB
const as = (info: FrameInfo, uid: string): FrameInfo => ({ ...info, transferSyntaxUid: uid });
const ctLossless = encodeHtj2k(ct.pixels, ct.info, { lossless: true });

describe('htj2kCodec round trips', () => {
  it('decodes a lossless 16-bit signed CT encoding to the same values', async () => {
    const codestream = await ctLossless;
    expect(readJ2kHeader(codestream, TransferSyntax.Htj2kLosslessRpcl).highThroughput).toBe(true);
    const frame = await htj2kCodec.decode(codestream, as(ct.info, TransferSyntax.Htj2kLosslessRpcl));
    expect(frame.pixels).toBeInstanceOf(Int16Array);
    expect([frame.info.rows, frame.info.columns, frame.reductionLevel]).toEqual([512, 512, undefined]);
    expect(pixelStatistics(frame.pixels).sha256).toBe(pixelStatistics(ct.pixels).sha256);
  });

  it('decodes a lossless 8-bit RGB encoding to the same values, as RGB', async () => {
    const codestream = await encodeHtj2k(rgb.pixels, rgb.info, { lossless: true, progressionOrder: 'LRCP' });
    const frame = await htj2kCodec.decode(codestream, as(rgb.info, TransferSyntax.Htj2kLossless));
    expect(frame.info.photometricInterpretation).toBe('RGB');
    expect(frame.pixels).toBeInstanceOf(Uint8Array);
    expect(pixelStatistics(frame.pixels).sha256).toBe(pixelStatistics(rgb.pixels).sha256);
  });

  it('decodes a lossy encoding close to the source', async () => {
    const codestream = await encodeHtj2k(ct.pixels, ct.info, { lossless: false, quantizationStep: 0.0005 });
    expect(codestream.length).toBeLessThan((await ctLossless).length);
    const frame = await htj2kCodec.decode(codestream, as(ct.info, TransferSyntax.Htj2k));
    const source = pixelStatistics(ct.pixels);
    const decoded = pixelStatistics(frame.pixels);
    const range = source.max - source.min;
    expect(Math.abs(decoded.mean - source.mean)).toBeLessThanOrEqual(range * 0.005);
    let sumSquares = 0;
    for (let i = 0; i < ct.pixels.length; i++)
      sumSquares += ((frame.pixels[i] as number) - (ct.pixels[i] as number)) ** 2;
    expect(Math.sqrt(sumSquares / ct.pixels.length)).toBeLessThanOrEqual(range * 0.01);
  });

  it('decodes plain JPEG 2000 under an HTJ2K transfer syntax with OpenJPEG', async () => {
    const { bytes, info } = encapsulatedFrame('MR_small_jp2klossless.dcm');
    const frame = await htj2kCodec.decode(bytes, as(info, TransferSyntax.Htj2kLossless));
    expect(pixelStatistics(frame.pixels).sha256).toBe(
      '88617aaa46138fb1b6e2a951e762d962382354d69f47f8c04d4abff2f6a6a63e',
    );
  });
});

describe('htj2kCodec reduced resolution', () => {
  const full = pixelStatistics(ct.pixels);
  const range = full.max - full.min;

  for (const [box, size, level] of [
    [256, 256, 1],
    [100, 128, 2],
    [64, 64, 3],
  ] as const) {
    it(`decodes 512² at ${size}² (level ${level}) for a ${box}² box`, async () => {
      const frame = await htj2kCodec.decode(await ctLossless, as(ct.info, TransferSyntax.Htj2kLossless), {
        fitWithin: { width: box, height: box },
      });
      expect([frame.info.rows, frame.info.columns, frame.reductionLevel]).toEqual([size, size, level]);
      expect(frame.pixels).toHaveLength(size * size);
      expect(Math.abs(pixelStatistics(frame.pixels).mean - full.mean)).toBeLessThanOrEqual(range * 0.02);
    });
  }

  it('reduces RGB too', async () => {
    const codestream = await encodeHtj2k(rgb.pixels, rgb.info, { lossless: true, decompositions: 2 });
    const frame = await htj2kCodec.decode(codestream, as(rgb.info, TransferSyntax.Htj2kLossless), {
      fitWithin: { width: 10, height: 10 },
    });
    // 320 × 240 with two decompositions: at most 80 × 60.
    expect([frame.info.columns, frame.info.rows, frame.info.samplesPerPixel, frame.reductionLevel]).toEqual([
      80, 60, 3, 2,
    ]);
    expect(frame.pixels).toHaveLength(80 * 60 * 3);
  });
});

describe('htj2kCodec on bad data', () => {
  const info = as(ct.info, TransferSyntax.Htj2kLossless);

  it('rejects a truncated codestream', async () => {
    const codestream = await ctLossless;
    expect(await errorCodeOf(() => htj2kCodec.decode(codestream.subarray(0, codestream.length >> 1), info))).toBe(
      'CORRUPT_PIXEL_DATA',
    );
    expect(await errorCodeOf(() => htj2kCodec.decode(codestream.subarray(0, 60), info))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('rejects random bytes and empty input', async () => {
    expect(await errorCodeOf(() => htj2kCodec.decode(xorshiftNoise(10_000), info))).toBe('CORRUPT_PIXEL_DATA');
    expect(await errorCodeOf(() => htj2kCodec.decode(new Uint8Array(0), info))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('rejects a codestream whose size disagrees with the data set', async () => {
    expect(await errorCodeOf(async () => htj2kCodec.decode(await ctLossless, { ...info, columns: 256 }))).toBe(
      'CORRUPT_PIXEL_DATA',
    );
  });

  it('never throws anything but a typed error on scrambled block data', async () => {
    const codestream = await ctLossless;
    for (let seed = 1; seed <= 10; seed++) {
      const scrambled = codestream.slice();
      const garbage = xorshiftNoise(scrambled.length, seed);
      for (let i = 300; i < scrambled.length - 2; i += 5) scrambled[i] = garbage[i] as number;
      expect(['none', 'CORRUPT_PIXEL_DATA']).toContain(await errorCodeOf(() => htj2kCodec.decode(scrambled, info)));
    }
  });
});
