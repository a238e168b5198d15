import { describe, expect, it } from 'vitest';
import { loadManifest, readCorpusFile } from '../decode/corpus.test-util.js';
import { isEngineError } from '../errors/engine-error.js';
import { encapsulatedPixelData, imagePixelModule, part10, text } from './dataset-builder.test-util.js';
import { frameBytes } from './frame-bytes.js';
import { parseDicom } from './parse-dicom.js';
import { TransferSyntax } from './transfer-syntax.js';

function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isEngineError(error)) return error.code;
    throw error;
  }
  return 'none';
}

describe('parseDicom over the corpus', () => {
  for (const entry of loadManifest()) {
    if (entry.file === 'MR_truncated.dcm') continue;
    it(`${entry.file}: pixel attributes as the manifest states them`, () => {
      const parsed = parseDicom(readCorpusFile(entry.file));
      expect(parsed.transferSyntaxUid).toBe(entry.transferSyntax || TransferSyntax.ExplicitVRLittleEndian);
      const image = parsed.metadata.image;
      if (entry.pixels === 'none') {
        expect(parsed.frames).toEqual([]);
        return;
      }
      expect(image).toBeDefined();
      if (image === undefined) return;
      expect(image.rows).toBe(entry.rows);
      expect(image.columns).toBe(entry.columns);
      expect(image.numberOfFrames).toBe(entry.numberOfFrames ?? 1);
      expect(image.samplesPerPixel).toBe(entry.samplesPerPixel);
      expect(image.bitsAllocated).toBe(entry.bitsAllocated);
      expect(image.bitsStored).toBe(entry.bitsStored);
      expect(image.pixelRepresentation).toBe(entry.pixelRepresentation);
      expect(image.photometricInterpretation).toBe(entry.photometricInterpretation);
      expect(image.hasModalityLutSequence).toBe(entry.hasModalityLUTSequence ?? false);
      expect(image.hasVoiLutSequence).toBe(entry.hasVOILUTSequence ?? false);
      if (typeof entry.rescaleSlope === 'number') expect(image.rescaleSlope).toBe(entry.rescaleSlope);
      if (typeof entry.rescaleIntercept === 'number') expect(image.rescaleIntercept).toBe(entry.rescaleIntercept);
      expect(parsed.frames.length).toBe(image.numberOfFrames);
    });
  }

  it('reads a frame from its recorded location alone, without re-parsing', () => {
    const bytes = readCorpusFile('CT0012.fragmented_no_bot_jpeg_lossless.70.dcm');
    const parsed = parseDicom(bytes);
    expect(parsed.metadata.pixelData?.offsetTable).toBe('none');
    const location = parsed.frames[1];
    if (location === undefined) throw new Error('no frame 1');
    const span = bytes.subarray(location.offset, location.offset + location.length);
    // The span starts with the first fragment's item tag (FFFE,E000) and ends at the frame's last byte.
    expect([span[0], span[1], span[2], span[3]]).toEqual([0xfe, 0xff, 0x00, 0xe0]);
    const fromFragments = frameBytes(parsed, 1);
    expect([fromFragments[0], fromFragments[1]]).toEqual([0xff, 0xd8]);
    expect(location.fragments?.length).toBeGreaterThan(1);
  });

  it('maps the 8 frames of a multi-fragment JPEG file without an offset table', () => {
    const parsed = parseDicom(readCorpusFile('IM00001.fragmented_no_bot_jpeg_baseline.50.dcm'));
    expect(parsed.frames).toHaveLength(8);
    for (let i = 0; i < 8; i++) {
      const bytes = frameBytes(parsed, i);
      expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    }
  });

  it('reads the enhanced CT per-frame functional groups', () => {
    const parsed = parseDicom(readCorpusFile('CT0012.not_fragmented_bot_rle.dcm'));
    expect(parsed.metadata.perFrameFunctionalGroups?.length ?? 0).toBe(2);
    const attributes = parsed.renderingAttributes(1);
    expect(Number.isFinite(attributes.rescaleSlope)).toBe(true);
  });

  it('parses files without preamble and meta, and deflated data sets', () => {
    const bare = parseDicom(readCorpusFile('ExplVR_LitEndNoMeta.dcm'));
    expect(bare.metadata.instance.hasFileMeta).toBe(false);
    const implicit = parseDicom(readCorpusFile('empty_charset_LEI.dcm'));
    expect(implicit.transferSyntaxUid).toBe(TransferSyntax.ImplicitVRLittleEndian);
    const deflated = parseDicom(readCorpusFile('image_dfl.dcm'));
    expect(deflated.metadata.pixelData?.offsetBase).toBe('inflated');
  });
});

describe('Specific Character Set', () => {
  const name = (charset: string | undefined, bytes: number[]) => {
    const elements = [
      ...(charset === undefined ? [] : [text(0x0008, 0x0005, 'CS', charset)]),
      text(0x0010, 0x0010, 'PN', Buffer.from(bytes).toString('latin1')),
    ];
    return parseDicom(part10(TransferSyntax.ExplicitVRLittleEndian, elements)).metadata.patient.patientName;
  };

  it('defaults to ASCII (ISO 2022 IR 6)', () => {
    expect(name(undefined, [...Buffer.from('Doe^John')])).toBe('Doe^John');
    expect(name('ISO 2022 IR 6', [...Buffer.from('Doe^John')])).toBe('Doe^John');
  });
  it('ISO_IR 100 (Latin-1)', () => {
    expect(name('ISO_IR 100', [0x42, 0x75, 0x63, 0x5e, 0x4a, 0xe9, 0x72, 0xf4, 0x6d, 0x65])).toBe('Buc^Jérôme');
  });
  it('ISO_IR 192 (UTF-8)', () => {
    expect(name('ISO_IR 192', [...Buffer.from('Wang^XiaoDong=王^小東', 'utf8')])).toBe('Wang^XiaoDong=王^小東');
  });
  it('GB18030 (PS3.5 H.3.1)', () => {
    const bytes = [...Buffer.from('Wang^XiaoDong=', 'latin1'), 0xcd, 0xf5, 0x5e, 0xd0, 0xa1, 0xb6, 0xab];
    expect(name('GB18030', bytes)).toBe('Wang^XiaoDong=王^小东');
  });
  it('ISO 2022 IR 87 with escape sequences (PS3.5 H.3.2)', () => {
    const bytes = [
      ...Buffer.from('Yamada^Tarou=', 'latin1'),
      0x1b,
      0x24,
      0x42,
      0x3b,
      0x33,
      0x45,
      0x44,
      0x1b,
      0x28,
      0x42,
      0x5e,
      0x1b,
      0x24,
      0x42,
      0x42,
      0x40,
      0x4f,
      0x3a,
      0x1b,
      0x28,
      0x42,
    ];
    expect(name('\\ISO 2022 IR 87', bytes)).toBe('Yamada^Tarou=山田^太郎');
  });
});

describe('bad input gives typed errors', () => {
  it('zero length, random bytes, DICM then garbage', () => {
    expect(errorCode(() => parseDicom(new Uint8Array(0)))).toBe('INVALID_DICOM');
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
    expect(['INVALID_DICOM', 'TRUNCATED_DICOM']).toContain(errorCode(() => parseDicom(random)));
    const garbage = new Uint8Array(300).fill(0xff);
    garbage.set([0x44, 0x49, 0x43, 0x4d], 128);
    expect(['INVALID_DICOM', 'TRUNCATED_DICOM']).toContain(errorCode(() => parseDicom(garbage)));
  });

  it('an element length past the end', () => {
    const file = part10(TransferSyntax.ExplicitVRLittleEndian, [text(0x0010, 0x0010, 'PN', 'A^B')]);
    const view = new DataView(file.buffer);
    view.setUint16(file.length - 6, 0x7ff0, true); // PN length → far past the end
    expect(errorCode(() => parseDicom(file))).toBe('TRUNCATED_DICOM');
  });

  it('pixel data shorter than the image', () => {
    const file = part10(TransferSyntax.ExplicitVRLittleEndian, [
      ...imagePixelModule(16, 16, 16),
      { group: 0x7fe0, element: 0x0010, vr: 'OW', value: new Uint8Array(100) },
    ]);
    expect(errorCode(() => parseDicom(file))).toBe('TRUNCATED_DICOM');
  });

  it('MR_truncated.dcm', () => {
    expect(errorCode(() => parseDicom(readCorpusFile('MR_truncated.dcm')))).toBe('TRUNCATED_DICOM');
  });

  it('absurd image attributes', () => {
    const file = part10(TransferSyntax.ExplicitVRLittleEndian, [
      ...imagePixelModule(16, 16, 12),
      { group: 0x7fe0, element: 0x0010, vr: 'OW', value: new Uint8Array(512) },
    ]);
    expect(errorCode(() => parseDicom(file))).toBe('INVALID_PIXEL_MODULE');
  });

  it('encapsulated frames: one fragment a frame, or split at JPEG start markers', () => {
    const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, n, 0, 0xff, 0xd9]);
    const tail = new Uint8Array([7, 7, 0xff, 0xd9]);
    const file = part10(
      TransferSyntax.JpegBaseline,
      [...imagePixelModule(4, 4, 8, 2), { group: 0, element: 0, vr: 'XX', value: new Uint8Array(0) }].slice(0, -1),
    );
    const withPixels = new Uint8Array([...file, ...encapsulatedPixelData([jpeg(1), tail, jpeg(2)])]);
    const parsed = parseDicom(withPixels);
    expect(parsed.frames).toHaveLength(2);
    expect(Array.from(frameBytes(parsed, 0))).toEqual([...jpeg(1), ...tail]);
    expect(Array.from(frameBytes(parsed, 1))).toEqual([...jpeg(2)]);
    expect(errorCode(() => frameBytes(parsed, 2))).toBe('FRAME_OUT_OF_RANGE');
  });
});
