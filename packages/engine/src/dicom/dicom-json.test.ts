import { describe, expect, it } from 'vitest';
import { loadManifest, readCorpusFile } from '../decode/corpus.test-util.js';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import { buildDicom, element, sequence, text, us } from './dataset-builder.test-util.js';
import { dicomJsonOf } from './dicom-json.js';
import type { DicomJsonDataset } from './dicom-json-model.js';
import { TransferSyntax } from './transfer-syntax.js';

const json = (name: string, options = {}) => dicomJsonOf(readCorpusFile(name), options);
const publicOnly = (dataset: DicomJsonDataset) =>
  Object.fromEntries(Object.entries(dataset).filter(([tag]) => Number.parseInt(tag.slice(0, 4), 16) % 2 === 0));

describe('DICOM JSON model (PS3.18 F.2)', () => {
  it('converts CT_small: PN components, numbers for US/DS/IS, strings split on backslash, sequences nested', async () => {
    const dataset = await json('CT_small.dcm');
    expect(dataset['00100010']).toEqual({ vr: 'PN', Value: [{ Alphabetic: 'CompressedSamples^CT1' }] });
    expect(dataset['00280010']).toEqual({ vr: 'US', Value: [128] });
    expect(dataset['00200032']).toEqual({ vr: 'DS', Value: [-158.135803, -179.035797, -75.699997] });
    expect(dataset['00181150']).toEqual({ vr: 'IS', Value: [1601] });
    expect(dataset['00080008']).toEqual({ vr: 'CS', Value: ['ORIGINAL', 'PRIMARY', 'AXIAL'] });
    expect(dataset['00080050']).toEqual({ vr: 'SH' });
    expect(dataset['00101002']).toEqual({
      vr: 'SQ',
      Value: [
        { '00100020': { vr: 'LO', Value: ['ABCD1234'] }, '00100022': { vr: 'CS', Value: ['TEXT'] } },
        { '00100020': { vr: 'LO', Value: ['1234ABCD'] }, '00100022': { vr: 'CS', Value: ['TEXT'] } },
      ],
    });
    // No file meta group, no bulk data unless asked for.
    expect(Object.keys(dataset).some((tag) => tag.startsWith('0002'))).toBe(false);
    expect(dataset['7FE00010']).toBeUndefined();
    expect(Object.keys(dataset)).toEqual(Object.keys(dataset).sort());
  });

  it('references Pixel Data as bulk data when given a prefix', async () => {
    const dataset = await json('CT_small.dcm', { bulkDataUriPrefix: 'https://pacs/bulk/' });
    expect(dataset['7FE00010']).toEqual({ vr: 'OW', BulkDataURI: 'https://pacs/bulk/7FE00010' });
  });

  it('gives the same model for one data set in explicit little, big endian and implicit VR', async () => {
    const little = await json('CT1_UNC.explicit_little_endian.dcm');
    expect(await json('CT1_UNC.explicit_big_endian.dcm')).toEqual(little);
    // Implicit VR: public attributes take the dictionary's VR; private ones are UN.
    const implicit = await json('CT1_UNC.implicit_little_endian.dcm');
    expect(publicOnly(implicit)).toEqual(publicOnly(little));
    expect(implicit['00091027']?.vr).toBe('UN');
    expect(await json('MR_small_implicit.dcm')).toEqual(await json('MR_small_bigendian.dcm'));
  });

  it('reads every readable corpus file and agrees with the manifest on UIDs and image size', async () => {
    for (const entry of loadManifest()) {
      if (entry.file === 'MR_truncated.dcm') continue;
      const dataset = await json(entry.file);
      const uid = (tag: string) => (dataset[tag]?.Value?.[0] as string | undefined) ?? undefined;
      if (typeof entry.studyInstanceUID === 'string') expect(uid('0020000D'), entry.file).toBe(entry.studyInstanceUID);
      if (typeof entry.sopInstanceUID === 'string') expect(uid('00080018'), entry.file).toBe(entry.sopInstanceUID);
      if (entry.rows !== undefined) expect(dataset['00280010']?.Value, entry.file).toEqual([entry.rows]);
      expect(JSON.parse(JSON.stringify(dataset)), entry.file).toEqual(dataset);
    }
  });

  it('decodes names through the Specific Character Set and splits PN component groups', async () => {
    const value = new Uint8Array(Buffer.from('Wang^XiaoDong=王^小東', 'utf8'));
    const bytes = buildDicom([
      text(0x0008, 0x0005, 'CS', 'ISO_IR 192'),
      element(0x0010, 0x0010, 'PN', value),
      sequence(0x0040, 0xa730, [[element(0x0040, 0xa123, 'PN', value)]]),
    ]);
    const dataset = await dicomJsonOf(bytes);
    const expected = { vr: 'PN', Value: [{ Alphabetic: 'Wang^XiaoDong', Ideographic: '王^小東' }] };
    expect(dataset['00100010']).toEqual(expected);
    const item = dataset['0040A730']?.Value?.[0] as DicomJsonDataset | undefined;
    expect(item?.['0040A123']).toEqual(expected);
  });

  it('writes AT as hex, small binary values inline (little endian) and empty components as null', async () => {
    const elements = [
      element(0x0020, 0x5000, 'AT', [0x00280010, 0x7fe00010]),
      element(0x0009, 0x1010, 'OW', [0x0102, 0x0304]),
      text(0x0008, 0x0008, 'CS', 'ORIGINAL\\\\AXIAL'),
      us(0x0028, 0x0010, 4),
    ];
    for (const transferSyntaxUid of [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian]) {
      const dataset = await dicomJsonOf(buildDicom(elements, { transferSyntaxUid }));
      expect(dataset['00205000']).toEqual({ vr: 'AT', Value: ['00280010', '7FE00010'] });
      expect(dataset['00091010']).toEqual({ vr: 'OW', InlineBinary: Buffer.from([2, 1, 4, 3]).toString('base64') });
      expect(dataset['00080008']).toEqual({ vr: 'CS', Value: ['ORIGINAL', null, 'AXIAL'] });
    }
  });

  it('rejects bytes that are not DICOM with INVALID_DICOM', async () => {
    expect(await errorCodeOf(() => dicomJsonOf(new TextEncoder().encode('not dicom at all')))).toBe('INVALID_DICOM');
  });
});
