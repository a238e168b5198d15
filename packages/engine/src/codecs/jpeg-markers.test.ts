import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import { encapsulatedFrame } from './encapsulated-fragments.test-util.js';
import { readJpegHeader } from './jpeg-markers.js';

const UID = '1.2.840.10008.1.2.4.50';

function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

const sof0 = segment(0xc0, [8, 0, 2, 0, 3, 1, 1, 0x11, 0]); // 8-bit, 2 rows, 3 columns, one component
const sos = segment(0xda, [1, 1, 0, 0, 63, 0]);

function stream(...parts: number[][]): Uint8Array {
  return Uint8Array.from([0xff, 0xd8, ...parts.flat()]);
}

async function readCode(bytes: Uint8Array): Promise<string> {
  return errorCodeOf(() => readJpegHeader(bytes, UID));
}

describe('readJpegHeader', () => {
  it('reads the frame header of a 12-bit extended corpus stream', () => {
    const header = readJpegHeader(encapsulatedFrame('JPGExtended.dcm').bytes, UID);
    expect(header).toMatchObject({ process: 1, precision: 12, rows: 1024, columns: 256, jfif: false });
    expect(header.components).toEqual([{ id: 1, horizontalSampling: 1, verticalSampling: 1 }]);
  });

  it('reports JFIF, Adobe transform and component ids', () => {
    const ybr = readJpegHeader(encapsulatedFrame('examples_ybr_color.dcm').bytes, UID);
    expect(ybr.jfif).toBe(true);
    expect(ybr.components.map((c) => c.horizontalSampling)).toEqual([2, 1, 1]);
    const lossless = readJpegHeader(encapsulatedFrame('SC_rgb_jpeg_gdcm.dcm').bytes, UID);
    expect(lossless).toMatchObject({ process: 3, adobeTransform: 0 });
    expect(lossless.components.map((c) => c.id)).toEqual([0x52, 0x47, 0x42]);
    const plain = readJpegHeader(encapsulatedFrame('SC_jpeg_no_color_transform.dcm').bytes, UID);
    expect(plain.jfif).toBe(false);
    expect(plain.adobeTransform).toBeUndefined();
  });

  it('walks entropy data past stuffed bytes, restart markers and fill bytes to EOI', () => {
    const header = readJpegHeader(stream(sof0, sos, [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff, 0xd9]), UID);
    expect(header).toMatchObject({ process: 0, precision: 8, rows: 2, columns: 3 });
  });

  it('ignores padding after EOI and takes the height from a DNL marker', () => {
    const noHeight = segment(0xc0, [8, 0, 0, 0, 3, 1, 1, 0x11, 0]);
    const bytes = stream(noHeight, sos, [0x12], segment(0xdc, [0, 7]), [0xff, 0xd9, 0x00]);
    expect(readJpegHeader(bytes, UID).rows).toBe(7);
  });

  it.each([
    ['no SOI', Uint8Array.of(0x00, 0x01, 0xff, 0xd9)],
    ['an empty stream', new Uint8Array(0)],
    ['no EOI after the scan', stream(sof0, sos, [0x12, 0x34])],
    ['a segment running past the end', stream(sof0.slice(0, 6))],
    ['a stream cut inside a marker', stream(sof0, [0xff])],
    ['a scan before the frame header', stream(sos, [0x12, 0xff, 0xd9])],
    ['no scan', stream(sof0, [0xff, 0xd9])],
    ['two frame headers', stream(sof0, sof0, sos, [0xff, 0xd9])],
    ['a malformed frame header', stream(segment(0xc0, [8, 0, 2, 0, 3, 2, 1, 0x11, 0]), sos, [0xff, 0xd9])],
    ['a zero segment length', stream([0xff, 0xe0, 0, 0], sof0, sos, [0xff, 0xd9])],
  ])('rejects %s with CORRUPT_PIXEL_DATA', async (_name, bytes) => {
    expect(await readCode(bytes)).toBe('CORRUPT_PIXEL_DATA');
  });

  it('rejects every truncation of a corpus stream', async () => {
    const { bytes } = encapsulatedFrame('SC_rgb_small_odd_jpeg.dcm');
    const eoi = bytes.lastIndexOf(0xd9);
    for (let length = 0; length <= eoi; length += 7) {
      expect(await readCode(bytes.subarray(0, length)), `cut at ${length}`).toBe('CORRUPT_PIXEL_DATA');
    }
  });
});
