import { describe, expect, it } from 'vitest';
import { loadManifest } from '../decode/corpus.test-util.js';
import { frameStatistics } from '../decode/frame-statistics.js';
import { noise } from '../decode/seeded-noise.test-util.js';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import { encapsulatedFrame } from './encapsulated-fragments.test-util.js';
import { jpegBaselineCodec } from './jpeg-baseline.js';
import { expectLossyMatch, markerOffset, rgbToYbrFull } from './jpeg-reference.test-util.js';

const BASELINE = '1.2.840.10008.1.2.4.50';
const baselineFiles = loadManifest().filter((e) => e.transferSyntax === BASELINE && e.frame0 !== undefined);

describe('JPEG Baseline decoding of the corpus', () => {
  it('finds the baseline files in the manifest', () => {
    expect(baselineFiles.map((e) => e.file)).toEqual(
      expect.arrayContaining(['SC_jpeg_no_color_transform.dcm', 'examples_ybr_color.dcm', 'SC_rgb_small_odd_jpeg.dcm']),
    );
  });

  for (const entry of baselineFiles) {
    it(`${entry.file}: frame 0 matches the reference within the lossy tolerance`, async () => {
      const { bytes, info, frames } = encapsulatedFrame(entry.file);
      await jpegBaselineCodec.initialize();
      const frame = await jpegBaselineCodec.decode(bytes, info);
      if (info.samplesPerPixel === 3) {
        // libjpeg hands out RGB and the frame says so. The reference kept YBR for YBR_* files, so
        // those are compared after converting back; RGB files were never converted.
        expect(frame.info.photometricInterpretation).toBe('RGB');
        const ybr = info.photometricInterpretation.startsWith('YBR');
        expectLossyMatch(ybr ? { ...frame, pixels: rgbToYbrFull(frame.pixels) } : frame, entry);
      } else {
        expectLossyMatch(frame, entry);
      }
      const last = await jpegBaselineCodec.decode(encapsulatedFrame(entry.file, frames - 1).bytes, info);
      expect(last.pixels.length).toBe(frame.pixels.length);
    });
  }

  it('leaves a stream encoded without colour transform (no JFIF/Adobe marker) unconverted', async () => {
    const { bytes, info } = encapsulatedFrame('SC_jpeg_no_color_transform.dcm');
    const asStored = frameStatistics(await jpegBaselineCodec.decode(bytes, info));
    expect(asStored).toMatchObject({ min: 134, max: 252 });
    // The same stream taken for YCbCr (what libjpeg does by itself) is visibly different.
    const converted = frameStatistics(
      await jpegBaselineCodec.decode(bytes, { ...info, photometricInterpretation: 'YBR_FULL' }),
    );
    expect(Math.abs(converted.mean - asStored.mean)).toBeGreaterThan(10);
  });

  it('reports an 8-bit frame stored in 16-bit words as 16-bit samples', async () => {
    const { bytes, info } = encapsulatedFrame('SC_rgb_jpeg_dcmtk.dcm');
    const narrow = await jpegBaselineCodec.decode(bytes, info);
    const wide = await jpegBaselineCodec.decode(bytes, { ...info, bitsAllocated: 16 });
    expect(wide.pixels).toBeInstanceOf(Uint16Array);
    expect(Array.from(wide.pixels)).toEqual(Array.from(narrow.pixels));
  });
});

describe('JPEG Baseline bad input', () => {
  const { bytes, info } = encapsulatedFrame('SC_rgb_jpeg_dcmtk.dcm');
  const badComponent = bytes.slice();
  badComponent[markerOffset(bytes, 0xda) + 5] = 0x7f; // a scan component the frame does not have

  it.each([
    ['a truncated stream', bytes.subarray(0, bytes.length >> 1), info],
    ['random bytes', noise(4096), info],
    ['random bytes after an SOI marker', Uint8Array.of(0xff, 0xd8, ...noise(4096)), info],
    ['a wrong height', bytes, { ...info, rows: info.rows + 1 }],
    ['a wrong width', bytes, { ...info, columns: info.columns - 1 }],
    ['a wrong samples per pixel', bytes, { ...info, samplesPerPixel: 1 }],
    ['a scan the decoder rejects', badComponent, info],
  ])('rejects %s with CORRUPT_PIXEL_DATA', async (_name, stream, frame) => {
    expect(await errorCodeOf(() => jpegBaselineCodec.decode(stream, frame))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('still decodes after rejecting bad streams', async () => {
    const before = frameStatistics(await jpegBaselineCodec.decode(bytes, info)).sha256;
    expect(await errorCodeOf(() => jpegBaselineCodec.decode(badComponent, info))).toBe('CORRUPT_PIXEL_DATA');
    expect(frameStatistics(await jpegBaselineCodec.decode(bytes, info)).sha256).toBe(before);
  });
});
