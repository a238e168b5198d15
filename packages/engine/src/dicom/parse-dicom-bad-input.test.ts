import { describe, expect, it } from 'vitest';
import { readCorpusFile } from '../decode/corpus.test-util.js';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import {
  buildDicom,
  element,
  encapsulatedPixelData,
  type ImagePixelOptions,
  imagePixelModule,
  pixelData,
  sequence,
  text,
  us,
} from './dataset-builder.test-util.js';
import { frameBytes } from './frame-bytes.js';
import { parseDicom } from './parse-dicom.js';
import { TransferSyntax } from './transfer-syntax.js';

const image = (options: Partial<ImagePixelOptions> = {}) =>
  imagePixelModule({ rows: 4, columns: 4, bitsAllocated: 8, ...options });

describe('parseDicom on input that is not DICOM', () => {
  it('rejects empty and tiny input', () => {
    expect(errorCodeOfSync(() => parseDicom(new Uint8Array(0)))).toBe('INVALID_DICOM');
    expect(errorCodeOfSync(() => parseDicom(new Uint8Array([0x08, 0x00])))).toBe('INVALID_DICOM');
  });

  it('rejects random bytes and text', () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
    expect(errorCodeOfSync(() => parseDicom(random))).toBe('INVALID_DICOM');
    expect(errorCodeOfSync(() => parseDicom(new Uint8Array(Buffer.from('{"hello": "world"}'))))).toBe('INVALID_DICOM');
    expect(errorCodeOfSync(() => parseDicom(new Uint8Array(200)))).toBe('INVALID_DICOM');
  });

  it('rejects a DICM prefix followed by garbage', () => {
    const garbage = new Uint8Array(300).fill(0xff);
    garbage.set([0x44, 0x49, 0x43, 0x4d], 128);
    expect(['INVALID_DICOM', 'TRUNCATED_DICOM']).toContain(errorCodeOfSync(() => parseDicom(garbage)));
    const prefixOnly = garbage.subarray(0, 132);
    expect(['INVALID_DICOM', 'TRUNCATED_DICOM']).toContain(errorCodeOfSync(() => parseDicom(prefixOnly)));
  });

  it('reads a Part 10 file without a Transfer Syntax UID by sniffing its data set', () => {
    const file = buildDicom([text(0x0008, 0x0060, 'CS', 'CT')]);
    const noSyntax = file.slice();
    noSyntax.set([0x02, 0x00, 0x02, 0x00], 144); // (0002,0010) → (0002,0002)
    const parsed = parseDicom(noSyntax);
    expect(parsed.transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
    expect(parsed.metadata.series.modality).toBe('CT');
  });
});

describe('parseDicom on truncated input', () => {
  const syntaxes = [
    TransferSyntax.ExplicitVRLittleEndian,
    TransferSyntax.ImplicitVRLittleEndian,
    TransferSyntax.ExplicitVRBigEndian,
  ];
  for (const uid of syntaxes) {
    it(`an element length past the end (${uid})`, () => {
      const file = buildDicom(
        [text(0x0010, 0x0010, 'PN', 'Secret^Patient'), { ...text(0x0010, 0x0020, 'LO', 'ID'), lengthOverride: 0x7ff0 }],
        {
          transferSyntaxUid: uid,
        },
      );
      expect(errorCodeOfSync(() => parseDicom(file))).toBe('TRUNCATED_DICOM');
    });

    it(`a huge declared length in a long-VR element and in a sequence (${uid})`, () => {
      const huge = buildDicom([{ ...element(0x0009, 0x1010, 'OB', new Uint8Array(4)), lengthOverride: 0xfffffff0 }], {
        transferSyntaxUid: uid,
      });
      expect(errorCodeOfSync(() => parseDicom(huge))).toBe('TRUNCATED_DICOM');
      const inSequence = buildDicom(
        [sequence(0x0008, 0x1140, [[{ ...text(0x0008, 0x1150, 'UI', '1.2.3'), lengthOverride: 0x7fff }]])],
        { transferSyntaxUid: uid },
      );
      expect(errorCodeOfSync(() => parseDicom(inSequence))).toBe('TRUNCATED_DICOM');
    });
  }

  it('pixel data shorter than the image (and MR_truncated.dcm)', () => {
    const file = buildDicom([...image({ bitsAllocated: 16 }), pixelData(new Uint8Array(20))]);
    expect(errorCodeOfSync(() => parseDicom(file))).toBe('TRUNCATED_DICOM');
    expect(errorCodeOfSync(() => parseDicom(readCorpusFile('MR_truncated.dcm')))).toBe('TRUNCATED_DICOM');
  });

  it('more frames declared than the pixel data holds', () => {
    const file = buildDicom([...image({ frames: 3 }), pixelData(new Uint8Array(32), 'OB')]);
    expect(errorCodeOfSync(() => parseDicom(file))).toBe('TRUNCATED_DICOM');
  });

  it('encapsulated pixel data cut inside a fragment, or without any fragment', () => {
    const fragment = new Uint8Array(100).fill(7);
    fragment.set([0xff, 0xd8, 0xff]);
    const file = buildDicom([...image(), encapsulatedPixelData([fragment])], {
      transferSyntaxUid: TransferSyntax.JpegBaseline,
    });
    expect(errorCodeOfSync(() => parseDicom(file.subarray(0, file.length - 50)))).toBe('TRUNCATED_DICOM');
    const empty = buildDicom([...image(), encapsulatedPixelData([])], {
      transferSyntaxUid: TransferSyntax.JpegBaseline,
    });
    expect(errorCodeOfSync(() => parseDicom(empty))).toBe('TRUNCATED_DICOM');
  });

  it('every prefix of real files gives a result or a typed error, never another exception', () => {
    const files = [
      'MR_small.dcm',
      'MR_small_implicit.dcm',
      'MR_small_bigendian.dcm',
      'SC_rgb_rle.dcm',
      'image_dfl.dcm',
    ];
    for (const name of files) {
      const bytes = readCorpusFile(name);
      for (let cut = 0; cut < bytes.length; cut += 1 + Math.floor(cut / 40)) {
        const code = errorCodeOfSync(() => parseDicom(bytes.subarray(0, cut)));
        expect(['none', 'INVALID_DICOM', 'TRUNCATED_DICOM', 'INVALID_PIXEL_MODULE']).toContain(code);
      }
    }
  });
});

describe('parseDicom on absurd image attributes', () => {
  const cases: [string, Partial<ImagePixelOptions> | (() => Uint8Array)][] = [
    ['Bits Allocated 12', { bitsAllocated: 12 }],
    ['zero rows', { rows: 0 }],
    ['Bits Stored above Bits Allocated', { bitsStored: 9 }],
    ['Samples per Pixel 2', { samplesPerPixel: 2 }],
    ['Number of Frames 0', { frames: 0 }],
    ['Number of Frames -1', { frames: -1 }],
    ['Number of Frames 10^9', { frames: 1e9 }],
    ['Number of Frames 2.5', { frames: 2.5 }],
    [
      'Rows × Columns × Frames beyond any addressable size',
      { rows: 65535, columns: 65535, bitsAllocated: 32, samplesPerPixel: 3, frames: 999_999 },
    ],
  ];
  for (const [name, options] of cases) {
    it(`${name} → INVALID_PIXEL_MODULE`, () => {
      const file = buildDicom([...image(options as Partial<ImagePixelOptions>), pixelData(new Uint8Array(64), 'OB')]);
      expect(errorCodeOfSync(() => parseDicom(file))).toBe('INVALID_PIXEL_MODULE');
    });
  }

  it('Pixel Data without Rows → INVALID_PIXEL_MODULE; Pixel Representation 2 → INVALID_PIXEL_MODULE', () => {
    const noRows = buildDicom([us(0x0028, 0x0011, 4), us(0x0028, 0x0100, 8), pixelData(new Uint8Array(16), 'OB')]);
    expect(errorCodeOfSync(() => parseDicom(noRows))).toBe('INVALID_PIXEL_MODULE');
    const badRepresentation = buildDicom([...image(), us(0x0028, 0x0103, 2), pixelData(new Uint8Array(16), 'OB')]);
    expect(errorCodeOfSync(() => parseDicom(badRepresentation))).toBe('INVALID_PIXEL_MODULE');
  });

  it('reads badVR.dcm (Number of Frames "1A") as one frame', () => {
    const parsed = parseDicom(readCorpusFile('badVR.dcm'));
    expect(parsed.metadata.image?.numberOfFrames).toBe(1);
    expect(frameBytes(parsed, 0).length).toBe(10 * 10 * 4);
  });
});

describe('parseDicom on pixel data that does not fit the transfer syntax', () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0xff, 0xd9]);
  it('encapsulated pixel data in an unknown transfer syntax → UNSUPPORTED_TRANSFER_SYNTAX', () => {
    const file = buildDicom([...image(), encapsulatedPixelData([jpeg])], { transferSyntaxUid: '1.2.3.999' });
    expect(errorCodeOfSync(() => parseDicom(file))).toBe('UNSUPPORTED_TRANSFER_SYNTAX');
  });

  it('encapsulated pixel data in a native transfer syntax → INVALID_DICOM', () => {
    const file = buildDicom([...image(), encapsulatedPixelData([jpeg])]);
    expect(errorCodeOfSync(() => parseDicom(file))).toBe('INVALID_DICOM');
  });

  it('fragments that cannot be told apart into the declared frames → INVALID_PIXEL_MODULE', () => {
    const tail = new Uint8Array([1, 2, 3, 4]);
    const file = buildDicom([...image({ frames: 3 }), encapsulatedPixelData([jpeg, tail, tail, tail])], {
      transferSyntaxUid: TransferSyntax.JpegBaseline,
    });
    expect(errorCodeOfSync(() => parseDicom(file))).toBe('INVALID_PIXEL_MODULE');
  });
});

describe('error messages', () => {
  it('carry no patient data', () => {
    const file = buildDicom([
      text(0x0010, 0x0010, 'PN', 'Secret^Patient'),
      text(0x0010, 0x0020, 'LO', 'PID-4711'),
      { ...text(0x0010, 0x0030, 'DA', '19700101'), lengthOverride: 0x4000 },
    ]);
    try {
      parseDicom(file);
      expect.unreachable();
    } catch (error) {
      const described = JSON.stringify({
        message: (error as Error).message,
        details: (error as { details?: unknown }).details,
      });
      expect(described).not.toMatch(/Secret|PID-4711|19700101/);
    }
  });
});
