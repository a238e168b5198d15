import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { encodeRle } from '../codecs/encoders/rle-encoder.js';
import { decodeFrame } from '../decode/decode-frame.js';
import { seededRandom } from '../decode/seeded-noise.test-util.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import { TransferSyntax } from '../dicom/transfer-syntax.js';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import type { DicomElement } from './dicom-element.js';
import { elementsOf } from './dictionary.js';
import { encapsulatedPixelData, imagePixelElements, nativePixelData } from './pixel-data.js';
import { SopClass } from './sop-class.js';
import { generateUid, LUCENT_IMPLEMENTATION_CLASS_UID } from './uid.js';
import { writeDicomFile } from './write-part10.js';

const sopInstanceUid = generateUid(seededRandom(1));

function identity(extra: Parameters<typeof elementsOf>[0] = {}): DicomElement[] {
  return elementsOf({
    SOPClassUID: SopClass.SecondaryCaptureImageStorage,
    SOPInstanceUID: sopInstanceUid,
    StudyInstanceUID: '1.2.3',
    SeriesInstanceUID: '1.2.3.4',
    PatientName: 'TEST^WRITER',
    PatientID: 'W1',
    Modality: 'OT',
    ...extra,
  });
}

function signedFrame(rows: number, columns: number, seed: number): Int16Array {
  const random = seededRandom(seed);
  return Int16Array.from({ length: rows * columns }, () => Math.floor(random() * 4096) - 2048);
}

describe('writeDicomFile', () => {
  it('writes native 16-bit signed pixels that parse and decode to the same values', async () => {
    const pixels = signedFrame(33, 17, 2);
    const bytes = writeDicomFile([
      ...identity({ RescaleIntercept: -1024, RescaleSlope: 1, WindowCenter: [40, 300], WindowWidth: [400, 1500] }),
      ...imagePixelElements({
        rows: 33,
        columns: 17,
        samplesPerPixel: 1,
        bitsAllocated: 16,
        bitsStored: 16,
        pixelRepresentation: 1,
        photometricInterpretation: 'MONOCHROME2',
      }),
      nativePixelData([pixels]),
    ]);
    const parsed = parseDicom(bytes);
    expect(parsed.transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
    expect(parsed.metadata.instance.sopInstanceUid).toBe(sopInstanceUid);
    expect(parsed.metadata.patient.patientName).toBe('TEST^WRITER');
    expect(parsed.renderingAttributes(0).rescaleIntercept).toBe(-1024);
    expect(parsed.renderingAttributes(0).windows.map((w) => w.center)).toEqual([40, 300]);
    const frame = await decodeFrame(parsed, 0);
    expect(frame.pixels).toEqual(pixels);
  });

  it('writes encapsulated frames with a Basic Offset Table, odd fragments padded to even', async () => {
    const frames = [0, 1, 2].map((i) => Uint8Array.from({ length: 16 * 9 }, (_, j) => (j * (i + 3)) & 0xff));
    const fragments = frames.map((f) => encodeRle(f, { rows: 16, columns: 9, samplesPerPixel: 1, bitsAllocated: 8 }));
    const bytes = writeDicomFile(
      [
        ...identity(),
        ...imagePixelElements({
          rows: 16,
          columns: 9,
          samplesPerPixel: 1,
          bitsAllocated: 8,
          bitsStored: 8,
          pixelRepresentation: 0,
          photometricInterpretation: 'MONOCHROME2',
          frames: 3,
        }),
        encapsulatedPixelData(fragments),
      ],
      { transferSyntaxUid: TransferSyntax.RleLossless },
    );
    const parsed = parseDicom(bytes);
    expect(parsed.encapsulated).toBe(true);
    expect(parsed.frames).toHaveLength(3);
    for (const [i, frame] of frames.entries()) expect((await decodeFrame(parsed, i)).pixels).toEqual(frame);

    const dataSet = dicomParser.parseDicom(bytes);
    const pixelData = dataSet.elements.x7fe00010;
    expect(pixelData?.basicOffsetTable).toEqual([
      0,
      8 + (fragments[0]?.length ?? 0),
      16 + (fragments[0]?.length ?? 0) + (fragments[1]?.length ?? 0),
    ]);
    expect(pixelData?.hadUndefinedLength).toBe(true);
  });

  it('pads an odd fragment with one NUL and keeps offsets even', () => {
    const fragments = [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5)];
    const bytes = writeDicomFile([...identity(), encapsulatedPixelData(fragments)], {
      transferSyntaxUid: TransferSyntax.JpegBaseline,
    });
    const pixelData = dicomParser.parseDicom(bytes).elements.x7fe00010;
    expect(pixelData?.basicOffsetTable).toEqual([0, 12]);
    expect(pixelData?.fragments?.map((f) => f.length)).toEqual([4, 2]);
    const first = pixelData?.fragments?.[0];
    expect([...bytes.subarray(first?.position ?? 0, (first?.position ?? 0) + 4)]).toEqual([1, 2, 3, 0]);
  });

  it('writes the file meta with its group length, transfer syntax and Lucent implementation', () => {
    const bytes = writeDicomFile(identity());
    expect(Buffer.from(bytes.subarray(128, 132)).toString('latin1')).toBe('DICM');
    const dataSet = dicomParser.parseDicom(bytes);
    const groupLength = dataSet.uint32('x00020000') ?? 0;
    const firstDatasetElement = Object.values(dataSet.elements).find((e) => !e.tag.startsWith('x0002'));
    expect(132 + 12 + groupLength).toBe((firstDatasetElement?.dataOffset ?? 0) - 8);
    expect(dataSet.string('x00020002')).toBe(SopClass.SecondaryCaptureImageStorage);
    expect(dataSet.string('x00020003')).toBe(sopInstanceUid);
    expect(dataSet.string('x00020010')).toBe(TransferSyntax.ExplicitVRLittleEndian);
    expect(dataSet.string('x00020012')).toBe(LUCENT_IMPLEMENTATION_CLASS_UID);
  });

  it('pads text with a space and UIDs with NUL, and sorts elements by tag', () => {
    const bytes = writeDicomFile([...identity({ PatientID: 'ODD', StudyInstanceUID: '1.2.345' })].reverse());
    const dataSet = dicomParser.parseDicom(bytes);
    const at = (tag: string) => dataSet.elements[tag] as dicomParser.Element;
    const id = at('x00100020');
    expect([...bytes.subarray(id.dataOffset, id.dataOffset + id.length)]).toEqual([0x4f, 0x44, 0x44, 0x20]);
    const uid = at('x0020000d');
    expect(bytes[uid.dataOffset + uid.length - 1]).toBe(0);
    const offsets = Object.values(dataSet.elements)
      .filter((e) => !e.tag.startsWith('x0002'))
      .map((e) => e.dataOffset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  it('writes sequences with nested items', () => {
    const item = elementsOf({ SOPClassUID: SopClass.CtImageStorage, SOPInstanceUID: '1.2.3.4.5' });
    const nested: DicomElement = { tag: 0x00081140, vr: 'SQ', value: [item, [...item].slice(0, 1)] };
    const dataSet = dicomParser.parseDicom(writeDicomFile([...identity(), nested]));
    const items = dataSet.elements.x00081140?.items ?? [];
    expect(items).toHaveLength(2);
    expect(items[0]?.dataSet?.string('x00080018')).toBe('1.2.3.4.5');
    expect(items[1]?.dataSet?.string('x00080016')).toBe(SopClass.CtImageStorage);
  });

  it('writes non-ASCII text as UTF-8 and declares ISO_IR 192', () => {
    const parsed = parseDicom(writeDicomFile(identity({ PatientName: 'Müller^Zoë', InstitutionName: '東京' })));
    expect(parsed.metadata.patient.patientName).toBe('Müller^Zoë');
    expect(parsed.metadata.instance.specificCharacterSet).toEqual(['ISO_IR 192']);
  });

  it('formats numbers for DS and IS, binary numbers for US and AT', () => {
    const dataSet = dicomParser.parseDicom(
      writeDicomFile(identity({ SliceThickness: 1 / 3, InstanceNumber: 7, FrameIncrementPointer: 0x00181063 })),
    );
    expect(dataSet.string('x00180050')).toBe('0.33333333333333');
    expect(dataSet.intString('x00200013')).toBe(7);
    expect(dataSet.attributeTag('x00280009')).toBe('x00181063');
  });

  it('rejects what it cannot write with a typed error', () => {
    const write = (elements: DicomElement[], transferSyntaxUid?: string) => () =>
      writeDicomFile(elements, transferSyntaxUid === undefined ? {} : { transferSyntaxUid });
    expect(errorCodeOfSync(write(identity({ StudyInstanceUID: '1.02.3' })))).toBe('VALIDATION_FAILED');
    expect(errorCodeOfSync(write(identity({ PatientID: 'x'.repeat(65) })))).toBe('VALIDATION_FAILED');
    expect(errorCodeOfSync(write([...identity(), ...elementsOf({ Modality: 'CT' })]))).toBe('VALIDATION_FAILED');
    expect(errorCodeOfSync(write(elementsOf({ Modality: 'OT' })))).toBe('VALIDATION_FAILED');
    expect(errorCodeOfSync(write([...identity(), encapsulatedPixelData([Uint8Array.of(1, 2)])]))).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      errorCodeOfSync(write([...identity(), nativePixelData([new Uint8Array(4)])], TransferSyntax.RleLossless)),
    ).toBe('VALIDATION_FAILED');
    expect(errorCodeOfSync(write(identity(), TransferSyntax.ImplicitVRLittleEndian))).toBe(
      'UNSUPPORTED_TRANSFER_SYNTAX',
    );
    expect(errorCodeOfSync(write(identity({ Rows: 70000 })))).toBe('VALIDATION_FAILED');
  });
});
