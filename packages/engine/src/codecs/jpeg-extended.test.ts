import { describe, expect, it } from 'vitest';
import { loadManifest } from '../decode/corpus.test-util.js';
import { frameStatistics } from '../decode/frame-statistics.js';
import { noise } from '../decode/seeded-noise.test-util.js';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import { encapsulatedFrame } from './encapsulated-fragments.test-util.js';
import { jpegBaselineCodec } from './jpeg-baseline.js';
import { jpegExtendedCodec } from './jpeg-extended.js';
import { expectLossyMatch, markerOffset } from './jpeg-reference.test-util.js';

const EXTENDED = '1.2.840.10008.1.2.4.51';
const extendedFiles = loadManifest().filter((e) => e.transferSyntax === EXTENDED && e.frame0 !== undefined);

describe('JPEG Extended decoding of the corpus', () => {
  it('finds the 12-bit files in the manifest', () => {
    expect(extendedFiles.map((e) => e.file)).toEqual(
      expect.arrayContaining(['JPGExtended.dcm', 'CT0012.fragmented_no_bot_jpeg_baseline.51.dcm']),
    );
  });

  for (const entry of extendedFiles) {
    it(`${entry.file}: every frame decodes, frame 0 within the lossy tolerance`, async () => {
      const { bytes, info, frames } = encapsulatedFrame(entry.file);
      await jpegExtendedCodec.initialize();
      const frame = await jpegExtendedCodec.decode(bytes, info);
      expect(frame.pixels).toBeInstanceOf(Uint16Array);
      expect(frame.info).toMatchObject({ bitsStored: 12, photometricInterpretation: 'MONOCHROME2' });
      expectLossyMatch(frame, entry);
      for (let index = 1; index < frames; index++) {
        const next = await jpegExtendedCodec.decode(encapsulatedFrame(entry.file, index).bytes, info);
        expect(next.pixels.length).toBe(frame.pixels.length);
      }
    });
  }

  it('decodes an 8-bit extended (SOF1) stream exactly as the same stream marked baseline', async () => {
    const { bytes, info } = encapsulatedFrame('SC_rgb_jpeg_dcmtk.dcm');
    const extended = bytes.slice();
    extended[markerOffset(bytes, 0xc0) + 1] = 0xc1;
    const asBaseline = await jpegBaselineCodec.decode(bytes, info);
    const asExtended = await jpegExtendedCodec.decode(extended, { ...info, transferSyntaxUid: EXTENDED });
    expect(frameStatistics(asExtended).sha256).toBe(frameStatistics(asBaseline).sha256);
  });
});

describe('JPEG Extended bad input', () => {
  const { bytes, info } = encapsulatedFrame('JPGExtended.dcm');
  const badComponent = bytes.slice();
  badComponent[markerOffset(bytes, 0xda) + 5] = 0x7f;

  it.each([
    ['a truncated stream', bytes.subarray(0, bytes.length - 100), info],
    ['random bytes', noise(4096), info],
    ['a wrong height', bytes, { ...info, rows: 100 }],
    ['12-bit samples in 8-bit words', bytes, { ...info, bitsAllocated: 8, bitsStored: 8 }],
    ['a wrong samples per pixel', bytes, { ...info, samplesPerPixel: 3, photometricInterpretation: 'RGB' }],
    ['a scan DCMTK rejects', badComponent, info],
  ])('rejects %s with CORRUPT_PIXEL_DATA', async (_name, stream, frame) => {
    expect(await errorCodeOf(() => jpegExtendedCodec.decode(stream, frame))).toBe('CORRUPT_PIXEL_DATA');
  });

  it('still decodes after DCMTK threw', async () => {
    const before = frameStatistics(await jpegExtendedCodec.decode(bytes, info)).sha256;
    for (let i = 0; i < 3; i++) {
      expect(await errorCodeOf(() => jpegExtendedCodec.decode(badComponent, info))).toBe('CORRUPT_PIXEL_DATA');
    }
    expect(frameStatistics(await jpegExtendedCodec.decode(bytes, info)).sha256).toBe(before);
  });
});
