import { describe, expect, it } from 'vitest';
import { parseDicom } from '../dicom/parse-dicom.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { readCorpusFile } from './corpus.test-util.js';
import { decodeFrame } from './decode-frame.js';

/** The same image stored in several transfer syntaxes decodes to identical stored values. */
async function decode(file: string, index = 0): Promise<DecodedFrame> {
  return decodeFrame(parseDicom(readCorpusFile(file)), index);
}

async function expectIdentical(files: string[]): Promise<void> {
  const [first, ...rest] = files;
  if (first === undefined) throw new Error('no files');
  const reference = await decode(first);
  for (const file of rest) {
    const frame = await decode(file);
    expect(frame.info, file).toEqual(reference.info);
    expect(
      Buffer.from(frame.pixels.buffer, frame.pixels.byteOffset, frame.pixels.byteLength).equals(
        Buffer.from(reference.pixels.buffer, reference.pixels.byteOffset, reference.pixels.byteLength),
      ),
      `${file} differs from ${first}`,
    ).toBe(true);
  }
}

describe('the same image in several transfer syntaxes', () => {
  it('CT1_UNC: explicit LE, implicit LE, explicit BE, JPEG-LS lossless', () =>
    expectIdentical([
      'CT1_UNC.explicit_little_endian.dcm',
      'CT1_UNC.implicit_little_endian.dcm',
      'CT1_UNC.explicit_big_endian.dcm',
      'CT1_UNC.fragmented_bot_jpeg_ls.80.dcm',
    ]));

  it('MR_small: LE, implicit, BE (two encoders), padded, RLE, JPEG 2000 lossless, JPEG-LS lossless', () =>
    expectIdentical([
      'MR_small.dcm',
      'MR_small_implicit.dcm',
      'MR_small_bigendian.dcm',
      'MR_small_expb.dcm',
      'MR_small_padded.dcm',
      'MR_small_RLE.dcm',
      'MR_small_jp2klossless.dcm',
      'MR_small_jpeg_ls_lossless.dcm',
    ]));

  it('SC_rgb: RLE, RLE 2-frame (both frames), JPEG lossless', async () => {
    await expectIdentical(['SC_rgb_rle.dcm', 'SC_rgb_rle_2frame.dcm', 'SC_rgb_jpeg_gdcm.dcm']);
    const second = await decode('SC_rgb_rle_2frame.dcm', 1);
    expect(second.info.rows).toBe(100);
  });

  it('CT0012: RLE with a Basic Offset Table and fragmented JPEG lossless without one, every frame', async () => {
    for (const index of [0, 1]) {
      const rle = await decode('CT0012.not_fragmented_bot_rle.dcm', index);
      const lossless = await decode('CT0012.fragmented_no_bot_jpeg_lossless.70.dcm', index);
      expect(Array.from(lossless.pixels)).toEqual(Array.from(rle.pixels));
    }
  });
});
