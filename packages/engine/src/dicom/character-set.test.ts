import { describe, expect, it } from 'vitest';
import { buildDicom, element, type TestElement, text } from './dataset-builder.test-util.js';
import { createElementReader } from './element-values.js';
import { parseDicom } from './parse-dicom.js';
import { readDataset } from './read-dataset.js';
import { TransferSyntax } from './transfer-syntax.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part)));
const ESC_JIS_X_0208 = [0x1b, 0x24, 0x42];
const ESC_JIS_ROMAN = [0x1b, 0x28, 0x4a];
const ESC_ASCII = [0x1b, 0x28, 0x42];
const ESC_KS_X_1001 = [0x1b, 0x24, 0x29, 0x43];

function patient(charset: string | undefined, value: Uint8Array, uid: string = TransferSyntax.ExplicitVRLittleEndian) {
  const elements: TestElement[] = [element(0x0010, 0x0010, 'PN', value), element(0x0008, 0x1030, 'LO', value)];
  if (charset !== undefined) elements.push(text(0x0008, 0x0005, 'CS', charset));
  const { metadata } = parseDicom(buildDicom(elements, { transferSyntaxUid: uid }));
  expect(metadata.study.studyDescription).toBe(metadata.patient.patientName);
  return metadata.patient.patientName;
}

describe('Specific Character Set decoding (PS3.5 Annexes H–K examples)', () => {
  it('uses the default repertoire when absent, empty or ISO_IR 6 / ISO 2022 IR 6', () => {
    for (const charset of [undefined, '', 'ISO_IR 6', 'ISO 2022 IR 6']) {
      expect(patient(charset, bytes('Doe^John'))).toBe('Doe^John');
    }
  });

  it('ISO_IR 100 (Latin-1)', () => {
    expect(patient('ISO_IR 100', bytes('Buc^J', [0xe9, 0x72, 0xf4], 'me'))).toBe('Buc^Jérôme');
  });

  it('ISO_IR 144 (Cyrillic)', () => {
    const luxembourg = [0xbb, 0xee, 0xda, 0xe1, 0xd5, 0xdc, 0xd1, 0xe3, 0xe0, 0xd3];
    expect(patient('ISO_IR 144', bytes(luxembourg))).toBe('Люксембург');
  });

  it('ISO_IR 192 (UTF-8)', () => {
    expect(patient('ISO_IR 192', new Uint8Array(Buffer.from('Wang^XiaoDong=王^小東', 'utf8')))).toBe(
      'Wang^XiaoDong=王^小東',
    );
  });

  it('GB18030, also in implicit VR where the VR comes from the attribute', () => {
    const value = bytes('Wang^XiaoDong=', [0xcd, 0xf5, 0x5e, 0xd0, 0xa1, 0xb6, 0xab]);
    expect(patient('GB18030', value)).toBe('Wang^XiaoDong=王^小东');
    expect(patient('GB18030', value, TransferSyntax.ImplicitVRLittleEndian)).toBe('Wang^XiaoDong=王^小东');
  });

  it('ISO 2022 IR 87 with escape sequences (H.3.1)', () => {
    const value = bytes(
      'Yamada^Tarou=',
      ESC_JIS_X_0208,
      [0x3b, 0x33, 0x45, 0x44],
      ESC_ASCII,
      '^',
      ESC_JIS_X_0208,
      [0x42, 0x40, 0x4f, 0x3a],
      ESC_ASCII,
    );
    expect(patient('\\ISO 2022 IR 87', value)).toBe('Yamada^Tarou=山田^太郎');
  });

  it('ISO 2022 IR 13 with IR 87: half-width katakana and kanji (H.3.2)', () => {
    const value = bytes(
      [0xd4, 0xcf, 0xc0, 0xde, 0x5e, 0xc0, 0xdb, 0xb3, 0x3d],
      ESC_JIS_X_0208,
      [0x3b, 0x33, 0x45, 0x44],
      ESC_JIS_ROMAN,
      '^',
      ESC_JIS_X_0208,
      [0x42, 0x40, 0x4f, 0x3a],
      ESC_JIS_ROMAN,
    );
    expect(patient('ISO 2022 IR 13\\ISO 2022 IR 87', value)).toBe('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎');
  });

  it('ISO 2022 IR 149 (Korean, I.2)', () => {
    const value = bytes(
      'Hong^Gildong=',
      ESC_KS_X_1001,
      [0xfb, 0xf3],
      '^',
      ESC_KS_X_1001,
      [0xd1, 0xce, 0xd4, 0xd7],
      '=',
      ESC_KS_X_1001,
      [0xc8, 0xab],
      '^',
      ESC_KS_X_1001,
      [0xb1, 0xe6, 0xb5, 0xbf],
    );
    expect(patient('\\ISO 2022 IR 149', value)).toBe('Hong^Gildong=洪^吉洞=홍^길동');
  });

  it('decodes ST, LT, UT and SH text too, but leaves code strings alone', () => {
    const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
    const raw = readDataset(
      buildDicom([
        text(0x0008, 0x0005, 'CS', 'ISO_IR 192'),
        element(0x0008, 0x0060, 'CS', bytes('MR')),
        element(0x0008, 0x1010, 'SH', utf8('Station Ä')),
        element(0x0008, 0x0081, 'ST', utf8('Straße 1')),
        element(0x0020, 0x4000, 'LT', utf8('Kommentar: ü')),
        element(0x0018, 0x9382, 'UT', utf8('長い文字列')),
      ]),
    );
    const reader = createElementReader(raw.dataSet, 'ISO_IR 192', true);
    expect(reader.text('x00081010')).toBe('Station Ä');
    expect(reader.text('x00080081')).toBe('Straße 1');
    expect(reader.text('x00204000')).toBe('Kommentar: ü');
    expect(reader.text('x00189382')).toBe('長い文字列');
    expect(reader.text('x00080060')).toBe('MR');
  });

  it('falls back to Latin-1 for an unknown character set instead of failing', () => {
    expect(patient('ISO_IR 999', bytes('Doe^J', [0xe9]))).toBe('Doe^Jé');
  });

  it('reports the Specific Character Set values', () => {
    const parsed = parseDicom(buildDicom([text(0x0008, 0x0005, 'CS', 'ISO 2022 IR 13\\ISO 2022 IR 87')]));
    expect(parsed.metadata.instance.specificCharacterSet).toEqual(['ISO 2022 IR 13', 'ISO 2022 IR 87']);
  });
});
