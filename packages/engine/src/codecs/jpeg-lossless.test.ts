import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../decode/corpus.test-util.js';
import { frameStatistics } from '../decode/frame-statistics.js';
import { noise } from '../decode/seeded-noise.test-util.js';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import type { PixelArray } from '../image/decoded-frame.js';
import { encapsulatedFrame } from './encapsulated-fragments.test-util.js';
import type { FrameInfo } from './frame-codec.js';
import { dcmtkImageAttributes, initializeDcmtk } from './jpeg-dcmtk.js';
import { jpegLosslessCodec } from './jpeg-lossless.js';
import { markerOffset } from './jpeg-reference.test-util.js';
import { rleCodec } from './rle.js';

const LOSSLESS = ['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70'];
const losslessFiles = loadManifest().filter((e) => LOSSLESS.includes(e.transferSyntax ?? '') && e.frame0 !== undefined);
const { Context, NativeCodecs } = createRequire(import.meta.url)('dcmjs-codecs') as typeof import('dcmjs-codecs');

/** Encode with DCMTK's lossless JPEG encoder (process 14, the given predictor 1–7). */
async function encodeLossless(pixels: PixelArray, info: FrameInfo, predictor: number): Promise<Uint8Array> {
  await initializeDcmtk();
  const context = new Context({ ...dcmtkImageAttributes(info), decodedBuffer: new Uint8Array(pixels.buffer.slice(0)) });
  const encoded = NativeCodecs.encodeJpeg(context, { lossy: false, predictor }).getEncodedBuffer();
  if (encoded === undefined) throw new Error('no encoded stream');
  return encoded.slice();
}

describe('JPEG Lossless decoding of the corpus', () => {
  it('finds the lossless files in the manifest', () => {
    expect(losslessFiles.map((e) => e.file)).toEqual(
      expect.arrayContaining(['CT0012.fragmented_no_bot_jpeg_lossless.70.dcm', 'SC_rgb_jpeg_gdcm.dcm']),
    );
  });

  for (const entry of losslessFiles) {
    it(`${entry.file}: frame 0 hashes to the reference`, async () => {
      const { bytes, info } = encapsulatedFrame(entry.file);
      await jpegLosslessCodec.initialize();
      const frame = await jpegLosslessCodec.decode(bytes, info);
      expect(frame.info.photometricInterpretation).toBe(info.photometricInterpretation);
      expect(frameStatistics(frame).sha256).toBe(entry.frame0?.sha256);
    });
  }

  it('decodes frame 1 of the 2-frame CT to the same values as its RLE copy', async () => {
    const jpeg = encapsulatedFrame('CT0012.fragmented_no_bot_jpeg_lossless.70.dcm', 1);
    const rle = encapsulatedFrame('CT0012.not_fragmented_bot_rle.dcm', 1);
    const fromJpeg = frameStatistics(await jpegLosslessCodec.decode(jpeg.bytes, jpeg.info));
    const fromRle = frameStatistics(await rleCodec.decode(rle.bytes, rle.info));
    expect(fromJpeg.sha256).toBe(fromRle.sha256);
    expect(fromJpeg.sha256).not.toBe(losslessFiles.find((e) => e.file.startsWith('CT0012'))?.frame0?.sha256);
  });
});

describe('JPEG Lossless predictors and sample widths', () => {
  const base: FrameInfo = {
    transferSyntaxUid: LOSSLESS[0] as string,
    rows: 23,
    columns: 37,
    samplesPerPixel: 1,
    bitsAllocated: 16,
    bitsStored: 12,
    pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2',
    planarConfiguration: 0,
  };
  const count = base.rows * base.columns;
  const unsigned12 = new Uint16Array(count).map((_, i) => (i * 97 + (i % 37) * 13) % 4096);
  const signed16 = new Int16Array(count).map((_, i) => ((i * 7919) % 65536) - 32768);

  for (const predictor of [1, 2, 3, 4, 5, 6, 7]) {
    it(`round-trips 12-bit unsigned and 16-bit signed samples with predictor ${predictor}`, async () => {
      const stream = await encodeLossless(unsigned12, base, predictor);
      const scan = markerOffset(stream, 0xda);
      expect(stream[scan + 4 + 1 + 2 * (stream[scan + 4] as number)], 'the scan uses the predictor').toBe(predictor);
      const a = await jpegLosslessCodec.decode(stream, base);
      expect(a.pixels).toEqual(unsigned12);
      const signedInfo: FrameInfo = { ...base, bitsStored: 16, pixelRepresentation: 1 };
      const b = await jpegLosslessCodec.decode(await encodeLossless(signed16, signedInfo, predictor), signedInfo);
      expect(b.pixels).toEqual(signed16);
    });
  }
});

describe('JPEG Lossless bad input', () => {
  const { bytes, info } = encapsulatedFrame('CT0012.fragmented_no_bot_jpeg_lossless.70.dcm');
  const badComponent = bytes.slice();
  badComponent[markerOffset(bytes, 0xda) + 5] = 0x7f;

  it.each([
    ['a truncated stream', bytes.subarray(0, 10000), info],
    ['random bytes', noise(4096), info],
    ['a wrong height', bytes, { ...info, rows: 256 }],
    ['16-bit samples in 8-bit words', bytes, { ...info, bitsAllocated: 8, bitsStored: 8 }],
    ['a scan DCMTK rejects', badComponent, info],
  ])('rejects %s with CORRUPT_PIXEL_DATA', async (_name, stream, frame) => {
    expect(await errorCodeOf(() => jpegLosslessCodec.decode(stream, frame))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('still decodes after DCMTK threw', async () => {
    expect(await errorCodeOf(() => jpegLosslessCodec.decode(badComponent, info))).toBe('CORRUPT_PIXEL_DATA');
    const frame = await jpegLosslessCodec.decode(bytes, info);
    expect(frameStatistics(frame).sha256).toBe(losslessFiles.find((e) => e.file.startsWith('CT0012'))?.frame0?.sha256);
  });
});
