import { describe, expect, it } from 'vitest';
import { TransferSyntax } from '../../dicom/transfer-syntax.js';
import { errorCodeOfSync } from '../../errors/error-code-of.test-util.js';
import { htj2kCodec } from '../htj2k.js';
import { readJ2kHeader } from '../j2k-codestream.js';
import { jpegLsCodec } from '../jpeg-ls.js';
import { jpeg2000Codec } from '../jpeg2000.js';
import { type EncodeFrameInfo, encoderInput } from './encoder-input.js';
import { encodeHtj2k } from './htj2k-encoder.js';
import { encodeJpegLs } from './jpeg-ls-encoder.js';
import { encodeJpeg2000 } from './jpeg2000-encoder.js';

/** A synthetic 16-bit frame like the benchmark's: a ramp with texture, `size` × `size`. */
function syntheticFrame(size: number): { pixels: Uint16Array; info: EncodeFrameInfo } {
  const pixels = new Uint16Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) pixels[y * size + x] = (x * 37 + y * 11 + ((x * y) % 251)) & 0xffff;
  }
  const info = {
    rows: size,
    columns: size,
    samplesPerPixel: 1,
    bitsAllocated: 16,
    bitsStored: 16,
    pixelRepresentation: 0 as const,
  };
  return { pixels, info };
}

describe('encoders', () => {
  const { pixels, info } = syntheticFrame(1024);
  const frameInfo = (uid: string) => ({
    ...info,
    transferSyntaxUid: uid,
    photometricInterpretation: 'MONOCHROME2',
    planarConfiguration: 0 as const,
  });

  it('encode a 1024² 16-bit frame losslessly in all three codecs', async () => {
    const j2k = await encodeJpeg2000(pixels, info, { lossless: true });
    const ht = await encodeHtj2k(pixels, info, { lossless: true });
    const ls = await encodeJpegLs(pixels, info);
    for (const [codec, bytes, uid] of [
      [jpeg2000Codec, j2k, TransferSyntax.Jpeg2000Lossless],
      [htj2kCodec, ht, TransferSyntax.Htj2kLosslessRpcl],
      [jpegLsCodec, ls, TransferSyntax.JpegLsLossless],
    ] as const) {
      const frame = await codec.decode(bytes, frameInfo(uid));
      expect(Buffer.from(frame.pixels.buffer).equals(Buffer.from(pixels.buffer))).toBe(true);
    }
  });

  it('cap decompositions by the frame size', async () => {
    const small = syntheticFrame(6);
    const codestream = await encodeJpeg2000(small.pixels, small.info, { lossless: true, decompositions: 5 });
    expect(readJ2kHeader(codestream, TransferSyntax.Jpeg2000Lossless).decompositions).toBe(2);
  });

  it('write RPCL progression for HTJ2K by default (.202)', async () => {
    const small = syntheticFrame(64);
    const codestream = await encodeHtj2k(small.pixels, small.info, { lossless: true });
    let cod = 0;
    while (!(codestream[cod] === 0xff && codestream[cod + 1] === 0x52)) cod++;
    expect(codestream[cod + 5]).toBe(2); // SGcod progression order: RPCL
  });

  it('reject frames they cannot encode', async () => {
    expect(errorCodeOfSync(() => encoderInput(pixels.subarray(1), info, false))).toBe('INVALID_PIXEL_MODULE');
    expect(
      errorCodeOfSync(() =>
        encoderInput(new Uint32Array(4), { ...info, rows: 2, columns: 2, bitsAllocated: 32, bitsStored: 32 }, false),
      ),
    ).toBe('INVALID_PIXEL_MODULE');
    expect(errorCodeOfSync(() => encoderInput(pixels, { ...info, samplesPerPixel: 2 }, false))).toBe(
      'INVALID_PIXEL_MODULE',
    );
    await expect(encodeJpegLs(pixels, info, { nearLossless: -1 })).rejects.toMatchObject({
      code: 'INVALID_PIXEL_MODULE',
    });
    await expect(encodeJpeg2000(pixels, info, { lossless: true, decompositions: 1.5 })).rejects.toMatchObject({
      code: 'INVALID_PIXEL_MODULE',
    });
  });
});
