import { describe, expect, it } from 'vitest';
import { loadManifest } from '../decode/corpus.test-util.js';
import { pixelStatistics } from '../decode/frame-statistics.js';
import { xorshiftNoise } from '../decode/seeded-noise.test-util.js';
import { TransferSyntax } from '../dicom/transfer-syntax.js';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import { encapsulatedFrame } from './encapsulated-fragments.test-util.js';
import { nativeFrame } from './encoders/corpus-frames.test-util.js';
import { encodeJpeg2000 } from './encoders/jpeg2000-encoder.js';
import type { FrameInfo } from './frame-codec.js';
import { expectReferenceMatch } from './jpeg-reference.test-util.js';
import { jpeg2000Codec } from './jpeg2000.js';

const manifest = loadManifest().filter(
  (entry) =>
    entry.transferSyntax === TransferSyntax.Jpeg2000Lossless || entry.transferSyntax === TransferSyntax.Jpeg2000,
);

const ct = nativeFrame('CT1_UNC.explicit_little_endian.dcm');
const ctInfo = (uid: string): FrameInfo => ({ ...ct.info, transferSyntaxUid: uid });

describe('jpeg2000Codec on the corpus', () => {
  it('covers JPEG 2000 files', () => expect(manifest.length).toBeGreaterThanOrEqual(5));

  /**
   * Lossless: SHA-256 equal to the reference's. Lossy (.91): min and max within 1 % of the
   * reference's value range (+1), mean within 0.5 % of it, since 9/7 decoders may round differently.
   */
  for (const entry of manifest) {
    it(`decodes ${entry.file} like the reference`, async () => {
      const reference = entry.frame0;
      if (reference === undefined) throw new Error('manifest entry without frame0');
      const { bytes, info } = encapsulatedFrame(entry.file);
      const frame = await jpeg2000Codec.decode(bytes, info);
      expect([frame.info.rows, frame.info.columns, frame.info.samplesPerPixel]).toEqual([
        reference.shape[0],
        reference.shape[1],
        reference.shape[2] ?? 1,
      ]);
      expect(frame.reductionLevel).toBeUndefined();
      expectReferenceMatch(frame.pixels, reference);
    });
  }

  it('unwraps the JP2 file in GDCMJ2K_TextGBR and reports RGB for YBR_RCT', async () => {
    const { bytes, info } = encapsulatedFrame('GDCMJ2K_TextGBR.dcm');
    expect(String.fromCharCode(...bytes.subarray(4, 8))).toBe('jP  ');
    const frame = await jpeg2000Codec.decode(bytes, info);
    expect(frame.info.photometricInterpretation).toBe('RGB');
    expect(frame.pixels).toBeInstanceOf(Uint8Array);
  });

  it('reads J2K_pixelrep_mismatch as signed, as Pixel Representation says', async () => {
    const { bytes, info } = encapsulatedFrame('J2K_pixelrep_mismatch.dcm');
    const frame = await jpeg2000Codec.decode(bytes, info);
    expect(frame.pixels).toBeInstanceOf(Int16Array);
    expect(pixelStatistics(frame.pixels).min).toBe(-2000);
  });

  it('sign-extends BitsStored 14 of 16 (693_J2KI)', async () => {
    const { bytes, info } = encapsulatedFrame('693_J2KI.dcm');
    const frame = await jpeg2000Codec.decode(bytes, info);
    const { min, max } = pixelStatistics(frame.pixels);
    expect(min).toBeGreaterThanOrEqual(-(2 ** 13));
    expect(max).toBeLessThan(2 ** 13);
    expect(min).toBeLessThan(0);
  });

  it('returns an owned buffer, not a view of WASM memory', async () => {
    const { bytes, info } = encapsulatedFrame('MR_small_jp2klossless.dcm');
    const frame = await jpeg2000Codec.decode(bytes, info);
    expect(frame.pixels.byteOffset).toBe(0);
    expect(frame.pixels.buffer.byteLength).toBe(frame.pixels.byteLength);
  });
});

describe('jpeg2000Codec round trips', () => {
  it('decodes a lossless 16-bit signed CT encoding to the same values', async () => {
    const codestream = await encodeJpeg2000(ct.pixels, ct.info, { lossless: true });
    const frame = await jpeg2000Codec.decode(codestream, ctInfo(TransferSyntax.Jpeg2000Lossless));
    expect(pixelStatistics(frame.pixels).sha256).toBe(pixelStatistics(ct.pixels).sha256);
  });

  it('decodes a lossless RGB encoding (RCT) to the same values, as RGB', async () => {
    const rgb = nativeFrame('examples_rgb_color.dcm');
    const codestream = await encodeJpeg2000(rgb.pixels, rgb.info, { lossless: true });
    const frame = await jpeg2000Codec.decode(codestream, {
      ...rgb.info,
      transferSyntaxUid: TransferSyntax.Jpeg2000Lossless,
      photometricInterpretation: 'YBR_RCT',
    });
    expect(frame.info.photometricInterpretation).toBe('RGB');
    expect(pixelStatistics(frame.pixels).sha256).toBe(pixelStatistics(rgb.pixels).sha256);
  });

  it('decodes a lossy encoding close to the source', async () => {
    const codestream = await encodeJpeg2000(ct.pixels, ct.info, { lossless: false });
    const frame = await jpeg2000Codec.decode(codestream, ctInfo(TransferSyntax.Jpeg2000));
    let worst = 0;
    for (let i = 0; i < ct.pixels.length; i++) {
      worst = Math.max(worst, Math.abs((frame.pixels[i] as number) - (ct.pixels[i] as number)));
    }
    expect(worst).toBeLessThanOrEqual(16);
  });
});

describe('jpeg2000Codec reduced resolution', () => {
  const full = pixelStatistics(ct.pixels);

  it('decodes a 512² frame at a quarter of the size for a 128² box', async () => {
    const codestream = await encodeJpeg2000(ct.pixels, ct.info, { lossless: true, decompositions: 5 });
    const frame = await jpeg2000Codec.decode(codestream, ctInfo(TransferSyntax.Jpeg2000Lossless), {
      fitWithin: { width: 128, height: 128 },
    });
    expect([frame.info.rows, frame.info.columns, frame.reductionLevel]).toEqual([128, 128, 2]);
    expect(frame.pixels).toHaveLength(128 * 128);
    const reduced = pixelStatistics(frame.pixels);
    expect(Math.abs(reduced.mean - full.mean)).toBeLessThanOrEqual((full.max - full.min) * 0.02);
  });

  it('stops at the codestream’s decomposition count', async () => {
    const codestream = await encodeJpeg2000(ct.pixels, ct.info, { lossless: true, decompositions: 1 });
    const frame = await jpeg2000Codec.decode(codestream, ctInfo(TransferSyntax.Jpeg2000Lossless), {
      fitWithin: { width: 32, height: 32 },
    });
    expect([frame.info.rows, frame.info.columns, frame.reductionLevel]).toEqual([256, 256, 1]);
  });

  it('reduces a corpus file of another aspect to the fitted size', async () => {
    const { bytes, info } = encapsulatedFrame('JPEG2000.dcm'); // 256 × 1024, 5 decompositions
    const frame = await jpeg2000Codec.decode(bytes, info, { fitWithin: { width: 64, height: 64 } });
    expect([frame.info.columns, frame.info.rows, frame.reductionLevel]).toEqual([16, 64, 4]);
  });

  it('decodes at full size when the box is larger than the image', async () => {
    const { bytes, info } = encapsulatedFrame('MR_small_jp2klossless.dcm');
    const frame = await jpeg2000Codec.decode(bytes, info, { fitWithin: { width: 100, height: 100 } });
    expect([frame.info.rows, frame.info.columns, frame.reductionLevel]).toEqual([64, 64, undefined]);
  });
});

describe('jpeg2000Codec on bad data', () => {
  const { bytes, info } = encapsulatedFrame('MR_small_jp2klossless.dcm');

  it('rejects a truncated codestream', async () => {
    expect(await errorCodeOf(() => jpeg2000Codec.decode(bytes.subarray(0, bytes.length >> 1), info))).toBe(
      'CORRUPT_PIXEL_DATA',
    );
    expect(await errorCodeOf(() => jpeg2000Codec.decode(bytes.subarray(0, 40), info))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('rejects random bytes and empty input', async () => {
    expect(await errorCodeOf(() => jpeg2000Codec.decode(xorshiftNoise(4000), info))).toBe('CORRUPT_PIXEL_DATA');
    expect(await errorCodeOf(() => jpeg2000Codec.decode(new Uint8Array(0), info))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('rejects a codestream whose size disagrees with the data set', async () => {
    expect(await errorCodeOf(() => jpeg2000Codec.decode(bytes, { ...info, rows: 32 }))).toBe('CORRUPT_PIXEL_DATA');
    expect(await errorCodeOf(() => jpeg2000Codec.decode(bytes, { ...info, samplesPerPixel: 3 }))).toBe(
      'CORRUPT_PIXEL_DATA',
    );
  });

  it('rejects a JP2 file without a codestream box', async () => {
    const jp2 = encapsulatedFrame('GDCMJ2K_TextGBR.dcm').bytes.slice(0, 40);
    expect(await errorCodeOf(() => jpeg2000Codec.decode(jp2, info))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('never throws anything but a typed error on scrambled tile data', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const scrambled = bytes.slice();
      const garbage = xorshiftNoise(scrambled.length, seed);
      for (let i = 200; i < scrambled.length - 2; i += 7) scrambled[i] = garbage[i] as number;
      const code = await errorCodeOf(() => jpeg2000Codec.decode(scrambled, info));
      expect(['none', 'CORRUPT_PIXEL_DATA']).toContain(code);
    }
  });

  it('still decodes after failures', async () => {
    await errorCodeOf(() => jpeg2000Codec.decode(xorshiftNoise(100), info));
    const frame = await jpeg2000Codec.decode(bytes, info);
    expect(frame.pixels).toHaveLength(64 * 64);
  });
});
