import { describe, expect, it } from 'vitest';
import { frameBytes } from '../../packages/engine/src/dicom/frame-bytes.js';
import { parseDicom } from '../../packages/engine/src/dicom/parse-dicom.js';
import { defaultCorpusDirectory, readCorpusFile } from './corpus.js';
import { codestreamExtension, findOpjDecompress, parseReportedDecodeTime, timeOpjDecompress } from './opj-peer.js';

const peer = await findOpjDecompress();

describe('opj_decompress peer', () => {
  it('reads the per-image decode time opj_decompress prints', () => {
    expect(parseReportedDecodeTime('File Number 1 "b.j2k"\ndecode time: 24 ms\n')).toBe(24);
    expect(parseReportedDecodeTime('nothing decoded')).toBeUndefined();
  });

  it('tells a JP2 file from a raw codestream', () => {
    expect(codestreamExtension(new Uint8Array([0xff, 0x4f, 0xff, 0x51]))).toBe('.j2k');
    const jp2 = new Uint8Array([0, 0, 0, 12, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]);
    expect(codestreamExtension(jp2)).toBe('.jp2');
  });

  it('reports an executable that is not installed as missing instead of failing', async () => {
    expect(await findOpjDecompress('lucent-no-such-opj-decompress')).toBeUndefined();
  });

  it.skipIf(peer === undefined)('times several copies of a corpus J2K codestream in one run', async () => {
    const parsed = parseDicom(await readCorpusFile(defaultCorpusDirectory, 'MR_small_jp2klossless.dcm'));
    const timing = await timeOpjDecompress(peer as NonNullable<typeof peer>, frameBytes(parsed, 0), 3);
    expect(timing.copies).toBe(3);
    // A 64×64 image decodes in well under the tool's 1-ms reporting resolution: wall-time difference.
    expect(timing.source).toBe('wall');
    expect(timing.msPerImage).toBeGreaterThanOrEqual(0);
    expect(timing.msPerImage).toBeLessThan(timing.wallMs);
  });

  it.skipIf(peer === undefined)('fails when a copy cannot be decoded', async () => {
    await expect(timeOpjDecompress(peer as NonNullable<typeof peer>, new Uint8Array([1, 2, 3]), 2)).rejects.toThrow(
      /decoded 0 of 2/,
    );
  });
});
