import { describe, expect, it } from 'vitest';
import { concat } from '../dicom/dataset-builder.test-util.js';
import { TransferSyntax } from '../dicom/transfer-syntax.js';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import { encapsulatedFrame } from './encapsulated-fragments.test-util.js';
import { nativeFrame } from './encoders/corpus-frames.test-util.js';
import { encodeHtj2k } from './encoders/htj2k-encoder.js';
import { encodeJpeg2000 } from './encoders/jpeg2000-encoder.js';
import { readJ2kHeader } from './j2k-codestream.js';
import { unwrapJp2 } from './j2k-jp2-file.js';
import { jpeg2000Codec } from './jpeg2000.js';

const uid = TransferSyntax.Jpeg2000Lossless;
const ct = nativeFrame('CT1_UNC.explicit_little_endian.dcm');
const rgb = nativeFrame('examples_rgb_color.dcm');

/** Insert a COC marker segment for component 0 with `levels` decompositions before the first SOT. */
function withCoc(codestream: Uint8Array, levels: number): Uint8Array {
  let sot = 0;
  while (!(codestream[sot] === 0xff && codestream[sot + 1] === 0x90)) sot++;
  // Lcoc 9: Ccoc, Scoc, then SPcoc = levels, code-block width/height exponents, style, 5/3.
  const coc = Uint8Array.of(0xff, 0x53, 0x00, 0x09, 0x00, 0x00, levels, 0x04, 0x04, 0x00, 0x01);
  return concat([codestream.subarray(0, sot), coc, codestream.subarray(sot)]);
}

describe('readJ2kHeader', () => {
  it('reads size, components and decompositions from SIZ and COD', async () => {
    const codestream = await encodeJpeg2000(ct.pixels, ct.info, { lossless: true, decompositions: 3 });
    expect(readJ2kHeader(codestream, uid)).toEqual({
      x0: 0,
      y0: 0,
      x1: 512,
      y1: 512,
      width: 512,
      height: 512,
      components: [{ precision: 16, signed: true, dx: 1, dy: 1 }],
      decompositions: 3,
      colourTransform: false,
      highThroughput: false,
    });
  });

  it('sees the colour transform of RGB and the HT capability of HTJ2K', async () => {
    const codestream = await encodeHtj2k(rgb.pixels, rgb.info, { lossless: true });
    const header = readJ2kHeader(codestream, uid);
    expect([header.width, header.height, header.components.length]).toEqual([320, 240, 3]);
    expect(header.components[2]).toEqual({ precision: 8, signed: false, dx: 1, dy: 1 });
    expect(header.colourTransform).toBe(true);
    expect(header.highThroughput).toBe(true);
  });

  it('reads the unsigned 13-bit SIZ of J2K_pixelrep_mismatch', () => {
    const { bytes } = encapsulatedFrame('J2K_pixelrep_mismatch.dcm');
    expect(readJ2kHeader(bytes, uid).components).toEqual([{ precision: 13, signed: false, dx: 1, dy: 1 }]);
  });

  it('takes the fewest decompositions when COC overrides COD, and reduced decodes respect it', async () => {
    const codestream = withCoc(await encodeJpeg2000(ct.pixels, ct.info, { lossless: true, decompositions: 5 }), 2);
    expect(readJ2kHeader(codestream, uid).decompositions).toBe(2);
    const frame = await jpeg2000Codec.decode(
      codestream,
      { ...ct.info, transferSyntaxUid: uid },
      { fitWithin: { width: 32, height: 32 } },
    );
    expect([frame.info.rows, frame.reductionLevel]).toEqual([128, 2]);
  });

  it('accepts trailing zero padding after the codestream', async () => {
    const codestream = await encodeJpeg2000(ct.pixels, ct.info, { lossless: true });
    expect(readJ2kHeader(concat([codestream, new Uint8Array(1)]), uid).width).toBe(512);
  });

  it('rejects truncated and malformed codestreams', async () => {
    const codestream = await encodeJpeg2000(ct.pixels, ct.info, { lossless: true });
    for (const bad of [
      codestream.subarray(0, codestream.length - 100), // last tile-part cut short
      codestream.subarray(0, 50), // main header only
      concat([codestream.subarray(0, codestream.length - 2), Uint8Array.of(0x12, 0x34)]), // junk for EOC
      codestream.subarray(2), // no SOC
      new Uint8Array(0),
    ]) {
      expect(errorCodeOfSync(() => readJ2kHeader(bad, uid))).toBe('CORRUPT_PIXEL_DATA');
    }
  });
});

describe('unwrapJp2', () => {
  const codestream = Uint8Array.of(0xff, 0x4f, 0xff, 0x51, 1, 2, 3);
  const signature = Uint8Array.of(0, 0, 0, 12, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a);
  const box = (type: string, body: Uint8Array, length = body.length + 8) =>
    concat([
      Uint8Array.of(length >>> 24, (length >>> 16) & 255, (length >>> 8) & 255, length & 255),
      new TextEncoder().encode(type),
      body,
    ]);

  it('returns a bare codestream as it is', () => {
    expect(unwrapJp2(codestream, uid)).toBe(codestream);
  });

  it('returns the jp2c box of the JP2 file in GDCMJ2K_TextGBR', () => {
    const inner = unwrapJp2(encapsulatedFrame('GDCMJ2K_TextGBR.dcm').bytes, uid);
    expect([inner[0], inner[1], inner[2], inner[3]]).toEqual([0xff, 0x4f, 0xff, 0x51]);
  });

  it('follows boxes of every length form', () => {
    const header = box('jp2h', new Uint8Array(5));
    expect(unwrapJp2(concat([signature, header, box('jp2c', codestream)]), uid)).toEqual(codestream);
    expect(unwrapJp2(concat([signature, header, box('jp2c', codestream, 0)]), uid)).toEqual(codestream);
    const xl = concat([
      Uint8Array.of(0, 0, 0, 1),
      new TextEncoder().encode('jp2c'),
      new Uint8Array(4),
      Uint8Array.of(0, 0, 0, 16 + codestream.length),
      codestream,
    ]);
    expect(unwrapJp2(concat([signature, xl]), uid)).toEqual(codestream);
  });

  it('rejects a JP2 file without a whole codestream box', () => {
    expect(errorCodeOfSync(() => unwrapJp2(concat([signature, box('jp2h', new Uint8Array(5))]), uid))).toBe(
      'CORRUPT_PIXEL_DATA',
    );
    expect(errorCodeOfSync(() => unwrapJp2(concat([signature, box('jp2c', codestream, 100)]), uid))).toBe(
      'CORRUPT_PIXEL_DATA',
    );
    expect(errorCodeOfSync(() => unwrapJp2(concat([signature, box('jp2h', codestream, 3)]), uid))).toBe(
      'CORRUPT_PIXEL_DATA',
    );
  });
});
