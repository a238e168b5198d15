import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import type { FrameInfo } from './frame-codec.js';
import { checkJpegFrame } from './jpeg-frame-check.js';
import type { JpegHeader } from './jpeg-markers.js';

const info: FrameInfo = {
  transferSyntaxUid: '1.2.840.10008.1.2.4.51',
  rows: 4,
  columns: 5,
  samplesPerPixel: 1,
  bitsAllocated: 16,
  bitsStored: 12,
  pixelRepresentation: 0,
  photometricInterpretation: 'MONOCHROME2',
  planarConfiguration: 0,
};

function header(overrides: Partial<JpegHeader>): JpegHeader {
  return {
    process: 1,
    precision: 12,
    rows: 4,
    columns: 5,
    components: [{ id: 1, horizontalSampling: 1, verticalSampling: 1 }],
    jfif: false,
    ...overrides,
  };
}

describe('checkJpegFrame', () => {
  it('sends 8-bit DCT (baseline, extended, progressive, arithmetic) to libjpeg-turbo', () => {
    for (const process of [0, 1, 2, 9, 10]) {
      expect(checkJpegFrame(header({ process, precision: 8 }), info)).toBe('libjpeg-turbo');
    }
  });

  it('sends 12-bit DCT and lossless streams of any precision to DCMTK', () => {
    expect(checkJpegFrame(header({ process: 1, precision: 12 }), info)).toBe('dcmtk');
    expect(checkJpegFrame(header({ process: 3, precision: 16 }), info)).toBe('dcmtk');
    expect(checkJpegFrame(header({ process: 3, precision: 2 }), { ...info, bitsAllocated: 8 })).toBe('dcmtk');
  });

  it.each([
    ['a different width', header({ columns: 6 }), info],
    ['a different height', header({ rows: 3 }), info],
    ['an unknown height', header({ rows: 0 }), info],
    ['a different component count', header({ components: [] }), info],
    ['samples wider than Bits Allocated', header({ precision: 12 }), { ...info, bitsAllocated: 8 }],
    ['a hierarchical process', header({ process: 5 }), info],
    ['lossless arithmetic', header({ process: 11, precision: 8 }), info],
    ['12-bit arithmetic', header({ process: 9 }), info],
    ['16-bit DCT', header({ precision: 16 }), info],
  ])('rejects %s with CORRUPT_PIXEL_DATA', async (_name, stream, frame) => {
    expect(await errorCodeOf(() => checkJpegFrame(stream, frame))).toBe('CORRUPT_PIXEL_DATA');
  });
});
