import { DicomMetadata } from '@lucent/shared';
import { describe, expect, it } from 'vitest';
import { loadManifest, readCorpusFile } from '../decode/corpus.test-util.js';
import { buildDicom, element, imagePixelModule, pixelData, sequence, text, us } from './dataset-builder.test-util.js';
import { frameBytes } from './frame-bytes.js';
import { parseDicom } from './parse-dicom.js';
import { TransferSyntax } from './transfer-syntax.js';

const asList = (value: unknown) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

describe('parseDicom over the corpus', () => {
  for (const entry of loadManifest()) {
    if (entry.file === 'MR_truncated.dcm') continue; // see parse-dicom-bad-input.test.ts
    it(`${entry.file}: attributes as the manifest states them`, () => {
      const parsed = parseDicom(readCorpusFile(entry.file));
      expect(DicomMetadata.safeParse(parsed.metadata).success).toBe(true);
      // A bare data set has no Transfer Syntax UID; the manifest leaves it empty, we report what we sniffed.
      expect(parsed.transferSyntaxUid).toBe(entry.transferSyntax || TransferSyntax.ExplicitVRLittleEndian);
      const { image, study, series, instance } = parsed.metadata;
      expect(study.studyInstanceUid).toBe(entry.studyInstanceUID);
      expect(series.seriesInstanceUid).toBe(entry.seriesInstanceUID);
      expect(series.modality).toBe(entry.modality);
      expect(instance.sopInstanceUid).toBe(entry.sopInstanceUID);
      expect(instance.sopClassUid).toBe(entry.sopClassUID);
      if (entry.pixels === 'none') {
        expect(parsed.frames).toEqual([]);
        expect(parsed.frameInfo).toBeUndefined();
        return;
      }
      if (image === undefined) throw new Error('no image pixel module');
      expect(image.rows).toBe(entry.rows);
      expect(image.columns).toBe(entry.columns);
      expect(image.numberOfFrames).toBe(entry.numberOfFrames ?? 1);
      expect(image.samplesPerPixel).toBe(entry.samplesPerPixel);
      expect(image.bitsAllocated).toBe(entry.bitsAllocated);
      expect(image.bitsStored).toBe(entry.bitsStored);
      expect(image.highBit).toBe(entry.highBit);
      expect(image.pixelRepresentation).toBe(entry.pixelRepresentation);
      expect(image.photometricInterpretation).toBe(entry.photometricInterpretation);
      expect(image.planarConfiguration).toBe(entry.planarConfiguration ?? 0);
      expect(image.hasModalityLutSequence).toBe(entry.hasModalityLUTSequence);
      expect(image.hasVoiLutSequence).toBe(entry.hasVOILUTSequence);
      expect(image.rescaleSlope).toBe(entry.rescaleSlope);
      expect(image.rescaleIntercept).toBe(entry.rescaleIntercept);
      expect(image.windowCenter).toEqual(asList(entry.windowCenter));
      expect(image.windowWidth).toEqual(asList(entry.windowWidth));
      expect(parsed.frames.length).toBe(image.numberOfFrames);
      expect(parsed.frameInfo?.transferSyntaxUid).toBe(entry.transferSyntax);
      if (parsed.metadata.perFrameFunctionalGroups === undefined) {
        const windows = parsed.renderingAttributes(0).windows;
        expect(windows.map((w) => w.center)).toEqual(asList(entry.windowCenter) ?? []);
      }
    });
  }

  it('reads the enhanced CT functional groups (CT0012, 2 frames)', () => {
    const parsed = parseDicom(readCorpusFile('CT0012.not_fragmented_bot_rle.dcm'));
    const perFrame = parsed.metadata.perFrameFunctionalGroups ?? [];
    expect(perFrame).toHaveLength(2);
    expect(perFrame[0]?.imagePositionPatient).toHaveLength(3);
    expect(perFrame[0]?.imagePositionPatient).not.toEqual(perFrame[1]?.imagePositionPatient);
    const shared = parsed.metadata.sharedFunctionalGroup;
    expect(shared?.pixelSpacing ?? perFrame[0]?.pixelSpacing).toHaveLength(2);
    const attributes = parsed.renderingAttributes(1);
    expect(attributes.rescaleSlope).toBe(perFrame[1]?.rescaleSlope ?? shared?.rescaleSlope ?? 1);
    expect(attributes.rescaleIntercept).toBe(perFrame[1]?.rescaleIntercept ?? shared?.rescaleIntercept ?? 0);
  });

  it('parses a bare explicit VR data set (ExplVR_LitEndNoMeta.dcm) and a bare implicit one', () => {
    const bare = parseDicom(readCorpusFile('ExplVR_LitEndNoMeta.dcm'));
    expect(bare.metadata.instance.hasFileMeta).toBe(false);
    expect(bare.metadata.series.modality).toBe('RTPLAN');
    const implicit = parseDicom(readCorpusFile('empty_charset_LEI.dcm'));
    expect(implicit.transferSyntaxUid).toBe(TransferSyntax.ImplicitVRLittleEndian);
  });

  it('inflates a deflated data set (image_dfl.dcm): offsets index the inflated bytes', () => {
    const file = readCorpusFile('image_dfl.dcm');
    const parsed = parseDicom(file);
    expect(parsed.metadata.pixelData?.offsetBase).toBe('inflated');
    expect(parsed.bytes.length).toBeGreaterThan(file.length);
    expect(frameBytes(parsed, 0).length).toBe(512 * 512);
  });
});

describe('parseDicom over built data sets', () => {
  const elements = [
    text(0x0008, 0x0060, 'CS', 'MR'),
    text(0x0010, 0x0010, 'PN', 'Doe^Jane'),
    text(0x0020, 0x0013, 'IS', '7'),
    text(0x0028, 0x1050, 'DS', '40\\400'),
    text(0x0028, 0x1051, 'DS', '80\\2000'),
    ...imagePixelModule({ rows: 2, columns: 3, bitsAllocated: 16, pixelRepresentation: 1 }),
    pixelData([1, 2, 3, 0xfffe, 5, 6]),
    sequence(0x0028, 0x3000, [[us(0x0028, 0x3002, 4, 0xfffe, 16), element(0x0028, 0x3006, 'OW', [10, 20, 30, 40])]]),
  ];
  const encodings = [
    ['explicit VR little endian', { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian }],
    ['implicit VR little endian', { transferSyntaxUid: TransferSyntax.ImplicitVRLittleEndian }],
    ['explicit VR big endian', { transferSyntaxUid: TransferSyntax.ExplicitVRBigEndian }],
    ['deflated explicit VR little endian', { transferSyntaxUid: TransferSyntax.DeflatedExplicitVRLittleEndian }],
    ['bare explicit VR', { fileMeta: false }],
    ['bare implicit VR', { fileMeta: false, transferSyntaxUid: TransferSyntax.ImplicitVRLittleEndian }],
  ] as const;

  for (const [name, options] of encodings) {
    it(`reads the same attributes in ${name}`, () => {
      const parsed = parseDicom(buildDicom(elements, options));
      expect(parsed.metadata.instance.hasFileMeta).toBe(!('fileMeta' in options));
      expect(parsed.metadata.series.modality).toBe('MR');
      expect(parsed.metadata.patient.patientName).toBe('Doe^Jane');
      expect(parsed.metadata.instance.instanceNumber).toBe(7);
      expect(parsed.metadata.image).toMatchObject({ rows: 2, columns: 3, bitsAllocated: 16, pixelRepresentation: 1 });
      expect(parsed.metadata.image?.windowCenter).toEqual([40, 400]);
      expect(parsed.renderingAttributes(0).windows).toHaveLength(2);
      expect(frameBytes(parsed, 0).length).toBe(12);
      expect(parsed.metadata.image?.hasModalityLutSequence).toBe(true);
      const lut = parsed.renderingAttributes(0).modalityLut;
      expect(lut?.descriptor).toEqual({ entries: 4, firstValueMapped: -2, bitsPerEntry: 16 });
      expect(Array.from(lut?.data ?? [])).toEqual([10, 20, 30, 40]);
    });
  }

  it('reads file meta without a preamble, with offsets into the input', () => {
    const file = buildDicom(elements, { transferSyntaxUid: TransferSyntax.ImplicitVRLittleEndian, preamble: false });
    const parsed = parseDicom(file);
    expect(parsed.transferSyntaxUid).toBe(TransferSyntax.ImplicitVRLittleEndian);
    expect(parsed.metadata.instance.hasFileMeta).toBe(true);
    const location = parsed.frames[0];
    if (location === undefined) throw new Error('no frame');
    expect(Array.from(file.subarray(location.offset, location.offset + 4))).toEqual([1, 0, 2, 0]);
    expect(parsed.bytes).toBe(file);
  });

  it('gives no frames and no frame info without pixel data', () => {
    const parsed = parseDicom(buildDicom([text(0x0008, 0x0060, 'CS', 'SR')]));
    expect(parsed.frameInfo).toBeUndefined();
    expect(parsed.frames).toEqual([]);
    expect(parsed.metadata.image).toBeUndefined();
    expect(parsed.metadata.pixelData).toBeUndefined();
  });

  it('parses an unknown native-looking transfer syntax as explicit VR little endian', () => {
    const parsed = parseDicom(buildDicom(elements, { transferSyntaxUid: '1.2.3.4.5' }));
    expect(parsed.transferSyntaxUid).toBe('1.2.3.4.5');
    expect(parsed.metadata.image?.rows).toBe(2);
    expect(parsed.frames).toHaveLength(1);
  });

  it('reads functional groups: per-frame values win over shared ones, shared over top level', () => {
    const transform = (slope: string, intercept: string) =>
      sequence(0x0028, 0x9145, [[text(0x0028, 0x1053, 'DS', slope), text(0x0028, 0x1052, 'DS', intercept)]]);
    const frameVoi = sequence(0x0028, 0x9132, [
      [text(0x0028, 0x1050, 'DS', '10'), text(0x0028, 0x1051, 'DS', '20'), text(0x0028, 0x1056, 'CS', 'SIGMOID')],
    ]);
    const file = buildDicom(
      [
        ...imagePixelModule({ rows: 1, columns: 2, bitsAllocated: 8, frames: 2 }),
        text(0x0028, 0x1053, 'DS', '9'),
        sequence(0x5200, 0x9229, [[transform('2', '-5')]], true),
        sequence(0x5200, 0x9230, [[transform('3', '-7'), frameVoi], []]),
        pixelData(new Uint8Array([1, 2, 3, 4]), 'OB'),
      ],
      { transferSyntaxUid: TransferSyntax.ImplicitVRLittleEndian },
    );
    const parsed = parseDicom(file);
    expect(parsed.renderingAttributes(0)).toMatchObject({ rescaleSlope: 3, rescaleIntercept: -7 });
    expect(parsed.renderingAttributes(0).windows).toEqual([{ center: 10, width: 20, function: 'SIGMOID' }]);
    expect(parsed.renderingAttributes(1)).toMatchObject({ rescaleSlope: 2, rescaleIntercept: -5, windows: [] });
    expect(Array.from(frameBytes(parsed, 1))).toEqual([3, 4]);
  });

  it('defaults rescale to 1/0 and reads several frames of native data', () => {
    const parsed = parseDicom(
      buildDicom([...imagePixelModule({ rows: 1, columns: 1, bitsAllocated: 16, frames: 3 }), pixelData([7, 8, 9])]),
    );
    expect(parsed.renderingAttributes(2)).toMatchObject({ rescaleSlope: 1, rescaleIntercept: 0 });
    expect(parsed.frames.map((f) => f.length)).toEqual([2, 2, 2]);
    expect(Array.from(frameBytes(parsed, 2))).toEqual([9, 0]);
  });
});
