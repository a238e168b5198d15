import { describe, expect, it } from 'vitest';
import { TransferSyntax } from '../dicom/transfer-syntax.js';
import { isEngineError } from '../errors/engine-error.js';
import { encapsulatedFrame, nativeFrame, noise, sha256Of, statisticsOf } from './encoders/corpus-frames.test-util.js';
import { encodeHtj2k } from './encoders/htj2k-encoder.js';
import type { FrameInfo } from './frame-codec.js';
import { htj2kCodec } from './htj2k.js';
import { readJ2kHeader } from './j2k-codestream.js';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return isEngineError(error) ? error.code : `untyped: ${String(error)}`;
  }
  return undefined;
}

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
    expect(sha256Of(frame.pixels)).toBe(sha256Of(ct.pixels));
  });

  it('decodes a lossless 8-bit RGB encoding to the same values, as RGB', async () => {
    const codestream = await encodeHtj2k(rgb.pixels, rgb.info, { lossless: true, progressionOrder: 'LRCP' });
    const frame = await htj2kCodec.decode(codestream, as(rgb.info, TransferSyntax.Htj2kLossless));
    expect(frame.info.photometricInterpretation).toBe('RGB');
    expect(frame.pixels).toBeInstanceOf(Uint8Array);
    expect(sha256Of(frame.pixels)).toBe(sha256Of(rgb.pixels));
  });

  it('decodes a lossy encoding close to the source', async () => {
    const codestream = await encodeHtj2k(ct.pixels, ct.info, { lossless: false, quantizationStep: 0.0005 });
    expect(codestream.length).toBeLessThan((await ctLossless).length);
    const frame = await htj2kCodec.decode(codestream, as(ct.info, TransferSyntax.Htj2k));
    const source = statisticsOf(ct.pixels);
    const decoded = statisticsOf(frame.pixels);
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
    expect(sha256Of(frame.pixels)).toBe('88617aaa46138fb1b6e2a951e762d962382354d69f47f8c04d4abff2f6a6a63e');
  });
});

describe('htj2kCodec reduced resolution', () => {
  const full = statisticsOf(ct.pixels);
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
      expect(Math.abs(statisticsOf(frame.pixels).mean - full.mean)).toBeLessThanOrEqual(range * 0.02);
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
    expect(await codeOf(htj2kCodec.decode(codestream.subarray(0, codestream.length >> 1), info))).toBe(
      'CORRUPT_PIXEL_DATA',
    );
    expect(await codeOf(htj2kCodec.decode(codestream.subarray(0, 60), info))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('rejects random bytes and empty input', async () => {
    expect(await codeOf(htj2kCodec.decode(noise(10_000), info))).toBe('CORRUPT_PIXEL_DATA');
    expect(await codeOf(htj2kCodec.decode(new Uint8Array(0), info))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('rejects a codestream whose size disagrees with the data set', async () => {
    expect(await codeOf(htj2kCodec.decode(await ctLossless, { ...info, columns: 256 }))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('never throws anything but a typed error on scrambled block data', async () => {
    const codestream = await ctLossless;
    for (let seed = 1; seed <= 10; seed++) {
      const scrambled = codestream.slice();
      const garbage = noise(scrambled.length, seed);
      for (let i = 300; i < scrambled.length - 2; i += 5) scrambled[i] = garbage[i] as number;
      expect([undefined, 'CORRUPT_PIXEL_DATA']).toContain(await codeOf(htj2kCodec.decode(scrambled, info)));
    }
  });
});
