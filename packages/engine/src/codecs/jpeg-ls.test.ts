import { describe, expect, it } from 'vitest';
import { loadManifest } from '../decode/corpus.test-util.js';
import { pixelStatistics } from '../decode/frame-statistics.js';
import { xorshiftNoise } from '../decode/seeded-noise.test-util.js';
import { TransferSyntax } from '../dicom/transfer-syntax.js';
import { isEngineError } from '../errors/engine-error.js';
import { engineErrorOf, errorCodeOf } from '../errors/error-code-of.test-util.js';
import { encapsulatedFrame } from './encapsulated-fragments.test-util.js';
import { nativeFrame } from './encoders/corpus-frames.test-util.js';
import { encodeJpegLs } from './encoders/jpeg-ls-encoder.js';
import type { FrameInfo } from './frame-codec.js';
import { jpegLsCodec } from './jpeg-ls.js';
import { expectReferenceMatch } from './jpeg-reference.test-util.js';
import { isWasmTrap } from './reloadable-module.js';

const manifest = loadManifest().filter(
  (entry) =>
    entry.transferSyntax === TransferSyntax.JpegLsLossless ||
    entry.transferSyntax === TransferSyntax.JpegLsNearLossless,
);

const ct = nativeFrame('CT1_UNC.explicit_little_endian.dcm');
const as = (info: FrameInfo, uid: string): FrameInfo => ({ ...info, transferSyntaxUid: uid });

describe('jpegLsCodec on the corpus', () => {
  it('covers lossless and near-lossless files', () => expect(manifest.length).toBeGreaterThanOrEqual(4));

  /**
   * Lossless: SHA-256 equal to the reference's. Near-lossless: the same decoder (CharLS) is
   * deterministic, but state the tolerance anyway: min/max within 1 % of the range (+1), mean 0.5 %.
   */
  for (const entry of manifest) {
    it(`decodes ${entry.file} like the reference`, async () => {
      const reference = entry.frame0;
      if (reference === undefined) throw new Error('manifest entry without frame0');
      const { bytes, info } = encapsulatedFrame(entry.file);
      const frame = await jpegLsCodec.decode(bytes, info);
      expect([frame.info.rows, frame.info.columns]).toEqual([reference.shape[0], reference.shape[1]]);
      expectReferenceMatch(frame.pixels, reference);
    });
  }
});

describe('jpegLsCodec round trips', () => {
  it('decodes a lossless 16-bit signed CT encoding to the same values', async () => {
    const codestream = await encodeJpegLs(ct.pixels, ct.info);
    const frame = await jpegLsCodec.decode(codestream, as(ct.info, TransferSyntax.JpegLsLossless));
    expect(frame.pixels).toBeInstanceOf(Int16Array);
    expect(pixelStatistics(frame.pixels).sha256).toBe(pixelStatistics(ct.pixels).sha256);
  });

  it('sign-extends signed data stored in fewer bits than allocated', async () => {
    const info = { ...ct.info, bitsStored: 12 };
    const pixels = ct.pixels.map((value) => Math.max(-2048, Math.min(2047, value))) as Int16Array;
    const codestream = await encodeJpegLs(pixels, info);
    const frame = await jpegLsCodec.decode(codestream, as(info, TransferSyntax.JpegLsLossless));
    expect(pixelStatistics(frame.pixels).min).toBeLessThan(0);
    expect(pixelStatistics(frame.pixels).sha256).toBe(pixelStatistics(pixels).sha256);
  });

  it('decodes a lossless RGB encoding to the same interleaved values', async () => {
    const rgb = nativeFrame('examples_rgb_color.dcm');
    const codestream = await encodeJpegLs(rgb.pixels, rgb.info);
    const frame = await jpegLsCodec.decode(codestream, as(rgb.info, TransferSyntax.JpegLsLossless));
    expect(frame.info.photometricInterpretation).toBe('RGB');
    expect(pixelStatistics(frame.pixels).sha256).toBe(pixelStatistics(rgb.pixels).sha256);
  });

  it('keeps a near-lossless encoding within its error bound', async () => {
    const codestream = await encodeJpegLs(ct.pixels, ct.info, { nearLossless: 3 });
    const frame = await jpegLsCodec.decode(codestream, as(ct.info, TransferSyntax.JpegLsNearLossless));
    let worst = 0;
    for (let i = 0; i < ct.pixels.length; i++) {
      worst = Math.max(worst, Math.abs((frame.pixels[i] as number) - (ct.pixels[i] as number)));
    }
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThanOrEqual(3);
  });
});

describe('jpegLsCodec on bad data', () => {
  const { bytes, info } = encapsulatedFrame('MR_small_jpeg_ls_lossless.dcm');

  it('rejects a truncated stream with the codec’s reason', async () => {
    const error = await engineErrorOf(() => jpegLsCodec.decode(bytes.subarray(0, bytes.length >> 1), info));
    expect(error?.code).toBe('CORRUPT_PIXEL_DATA');
    expect(error?.details?.reason).toMatch(/[a-z]{4}/);
  });

  it('rejects random bytes and empty input', async () => {
    expect(await errorCodeOf(() => jpegLsCodec.decode(xorshiftNoise(3000), info))).toBe('CORRUPT_PIXEL_DATA');
    expect(await errorCodeOf(() => jpegLsCodec.decode(new Uint8Array(0), info))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('rejects a stream whose size disagrees with the data set', async () => {
    expect(await errorCodeOf(() => jpegLsCodec.decode(bytes, { ...info, rows: 65 }))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('rejects a stream whose frame header declares another size before CharLS runs (fuzz c0ffee #1468 took 3 s)', async () => {
    const sof = bytes.findIndex((value, index) => value === 0xff && bytes[index + 1] === 0xf7);
    expect(sof).toBeGreaterThan(0);
    const enlarged = bytes.slice();
    enlarged[sof + 5] = 0xff; // rows: 65 280 + the low byte
    const error = await engineErrorOf(() => jpegLsCodec.decode(enlarged, info));
    expect(error?.code).toBe('CORRUPT_PIXEL_DATA');
    expect(error?.details?.reason).toMatch(/JPEG-LS stream is \d+×\d+×1, the data set says/);
  });

  it('survives corrupted streams, WASM traps included, and decodes correctly afterwards', async () => {
    // CharLS 2 reads out of bounds on some corrupt streams ("memory access out of bounds"), which
    // can leave its heap corrupt; the codec must then drop that instance for a fresh one.
    // Single-byte corruptions, in order, until a trap has happened and 50 more streams after it.
    let traps = 0;
    let afterTrap = 0;
    for (let at = 20; at < bytes.length - 2 && afterTrap < 50; at++) {
      for (const value of [0xff, 0x55]) {
        const corrupt = bytes.slice();
        corrupt[at] = value;
        try {
          await jpegLsCodec.decode(corrupt, info);
        } catch (error) {
          expect(isEngineError(error) && error.code).toBe('CORRUPT_PIXEL_DATA');
          if (isWasmTrap(error)) traps++;
        }
        if (traps > 0) afterTrap++;
      }
    }
    expect(traps).toBeGreaterThan(0);
    expect(pixelStatistics((await jpegLsCodec.decode(bytes, info)).pixels).sha256).toBe(
      '88617aaa46138fb1b6e2a951e762d962382354d69f47f8c04d4abff2f6a6a63e',
    );
  });

  it('still decodes after failures', async () => {
    await errorCodeOf(() => jpegLsCodec.decode(xorshiftNoise(100), info));
    const frame = await jpegLsCodec.decode(bytes, info);
    expect(frame.pixels).toHaveLength(64 * 64);
  });
});
