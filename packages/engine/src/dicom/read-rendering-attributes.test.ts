import { describe, expect, it } from 'vitest';
import { readCorpusFile } from '../decode/corpus.test-util.js';
import {
  buildDicom,
  element,
  imagePixelModule,
  pixelData,
  sequence,
  ss,
  type TestElement,
  text,
  us,
} from './dataset-builder.test-util.js';
import { parseDicom } from './parse-dicom.js';
import { TransferSyntax } from './transfer-syntax.js';

const syntaxes = [
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
] as const;

function attributes(extra: TestElement[], uid: string = TransferSyntax.ExplicitVRLittleEndian, signed: 0 | 1 = 0) {
  const file = buildDicom(
    [
      ...imagePixelModule({ rows: 1, columns: 2, bitsAllocated: 16, pixelRepresentation: signed }),
      pixelData([0, 1]),
      ...extra,
    ],
    { transferSyntaxUid: uid },
  );
  return parseDicom(file).renderingAttributes(0);
}

describe('rendering attributes: Modality and VOI LUTs', () => {
  for (const uid of syntaxes) {
    it(`reads 16-bit LUT data as words and a signed first value mapped (${uid})`, () => {
      const lut = sequence(0x0028, 0x3000, [
        [
          us(0x0028, 0x3002, 3, 0xff9c, 16),
          text(0x0028, 0x3003, 'LO', 'HU'),
          element(0x0028, 0x3006, 'OW', [0x1234, 7, 0xffff]),
        ],
      ]);
      const result = attributes([lut], uid, 1);
      expect(result.modalityLut?.descriptor).toEqual({ entries: 3, firstValueMapped: -100, bitsPerEntry: 16 });
      expect(Array.from(result.modalityLut?.data ?? [])).toEqual([0x1234, 7, 0xffff]);
      expect(result.modalityLut?.explanation).toBe('HU');
    });

    it(`unpacks 8-bit LUT data packed two a word (${uid})`, () => {
      const lut = sequence(0x0028, 0x3010, [
        [us(0x0028, 0x3002, 4, 0, 8), element(0x0028, 0x3006, 'OW', [0x0201, 0x0403])],
      ]);
      const result = attributes([lut], uid);
      expect(Array.from(result.voiLuts[0]?.data ?? [])).toEqual([1, 2, 3, 4]);
    });
  }

  it('reads the first value mapped as unsigned for unsigned data, and 0 entries as 65536', () => {
    const data = Array.from({ length: 65536 }, (_, i) => i);
    const lut = sequence(0x0028, 0x3000, [[us(0x0028, 0x3002, 0, 0x8000, 16), element(0x0028, 0x3006, 'OW', data)]]);
    const result = attributes([lut]);
    expect(result.modalityLut?.descriptor).toEqual({ entries: 65536, firstValueMapped: 0x8000, bitsPerEntry: 16 });
    expect(result.modalityLut?.data[65535]).toBe(65535);
  });

  it('keeps every VOI LUT of the sequence', () => {
    const item = (n: number) => [us(0x0028, 0x3002, 2, 0, 16), element(0x0028, 0x3006, 'OW', [n, n + 1])];
    const result = attributes([sequence(0x0028, 0x3010, [item(10), item(20)], true)]);
    expect(result.voiLuts.map((l) => Array.from(l.data))).toEqual([
      [10, 11],
      [20, 21],
    ]);
  });
});

describe('rendering attributes: windows, rescale, pixel values', () => {
  it('makes one window a value pair, with the VOI LUT Function, dropping unusable widths', () => {
    const result = attributes([
      text(0x0028, 0x1050, 'DS', '40\\-600\\10'),
      text(0x0028, 0x1051, 'DS', '400\\1500\\0'),
      text(0x0028, 0x1056, 'CS', 'LINEAR_EXACT'),
    ]);
    expect(result.windows).toEqual([
      { center: 40, width: 400, function: 'LINEAR_EXACT' },
      { center: -600, width: 1500, function: 'LINEAR_EXACT' },
    ]);
    expect(
      attributes([
        text(0x0028, 0x1050, 'DS', '1'),
        text(0x0028, 0x1051, 'DS', '2'),
        text(0x0028, 0x1056, 'CS', 'CUBIC'),
      ]).windows,
    ).toEqual([{ center: 1, width: 2, function: 'LINEAR' }]);
  });

  it('reads rescale from the top level, defaulting to 1 and 0', () => {
    expect(attributes([])).toMatchObject({ rescaleSlope: 1, rescaleIntercept: 0, windows: [], voiLuts: [] });
    const result = attributes([text(0x0028, 0x1052, 'DS', '-1024'), text(0x0028, 0x1053, 'DS', '2.5')]);
    expect(result).toMatchObject({ rescaleSlope: 2.5, rescaleIntercept: -1024 });
  });

  for (const uid of syntaxes) {
    it(`reads padding, smallest and largest values with the data's signedness (${uid})`, () => {
      const result = attributes(
        [ss(0x0028, 0x0106, -2000), ss(0x0028, 0x0107, 3000), ss(0x0028, 0x0120, -32768)],
        uid,
        1,
      );
      expect(result).toMatchObject({ smallestPixelValue: -2000, largestPixelValue: 3000, pixelPaddingValue: -32768 });
      const unsigned = attributes([us(0x0028, 0x0120, 65535)], uid, 0);
      expect(unsigned.pixelPaddingValue).toBe(65535);
    });
  }
});

describe('rendering attributes: Palette Color', () => {
  const palette = (segmented: boolean) => [
    ...[0x1101, 0x1102, 0x1103].map((e) => us(0x0028, e, 4, 0, 16)),
    ...[0, 1, 2].map((channel) =>
      segmented
        ? element(0x0028, 0x1221 + channel, 'OW', [0, 1, channel * 100, 1, 3, 65535])
        : element(0x0028, 0x1201 + channel, 'OW', [channel, channel + 10, channel + 20, channel + 30]),
    ),
  ];

  it('reads the descriptors and data of each channel', () => {
    const result = attributes(palette(false));
    expect(result.palette?.green.descriptor).toEqual({ entries: 4, firstValueMapped: 0, bitsPerEntry: 16 });
    expect(Array.from(result.palette?.blue.data ?? [])).toEqual([2, 12, 22, 32]);
    expect(result.palette?.red.segmented).toBe(false);
  });

  it('keeps segmented palette data as words to expand', () => {
    const result = attributes(palette(true));
    expect(result.palette?.red.segmented).toBe(true);
    expect(Array.from(result.palette?.green.data ?? [])).toEqual([0, 1, 100, 1, 3, 65535]);
  });

  it('reads examples_palette.dcm', () => {
    const parsed = parseDicom(readCorpusFile('examples_palette.dcm'));
    expect(parsed.metadata.image?.hasPaletteColorLut).toBe(true);
    const { palette: lut } = parsed.renderingAttributes(0);
    for (const channel of [lut?.red, lut?.green, lut?.blue]) {
      expect(channel?.data.length).toBe(channel?.descriptor.entries);
    }
  });
});
