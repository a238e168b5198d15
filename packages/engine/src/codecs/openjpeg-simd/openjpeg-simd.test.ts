import { describe, expect, it } from 'vitest';
import { type EmbindDecoderClass, loadEmscriptenModule } from '../embind-decoder.js';
import { encodeJpeg2000 } from '../encoders/jpeg2000-encoder.js';
import type { J2kDecoder } from '../j2k-decode.js';
import { loadOpenJpegSimd } from './openjpeg-simd.js';

/** A signed 12-bit ramp (with texture unless `smooth`), `size` × `size`, in 16-bit words. */
function signedFrame(size: number, smooth = false) {
  const pixels = new Int16Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      pixels[y * size + x] = ((smooth ? x + y : x * 37 + y * 11 + ((x * y) % 251)) % 4096) - 2048;
    }
  }
  const info = { rows: size, columns: size, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 12 };
  return { pixels, info: { ...info, pixelRepresentation: 1 as const } };
}

function decodeWith(
  Decoder: EmbindDecoderClass<J2kDecoder>,
  codestream: Uint8Array,
  level: number,
): { bytes: Uint8Array; width: number; height: number; signed: boolean | undefined } {
  const decoder = new Decoder();
  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    if (level === 0) decoder.decode();
    else decoder.decodeSubResolution(level, 0);
    const { width, height, isSigned } = decoder.getFrameInfo();
    return { bytes: decoder.getDecodedBuffer().slice(), width, height, signed: isSigned };
  } finally {
    decoder.delete();
  }
}

describe('OpenJPEG SIMD build (vendor/openjpeg)', () => {
  const { pixels, info } = signedFrame(300);

  it('decodes a lossless codestream back to the source samples, signed 16-bit little-endian', async () => {
    const { J2KDecoder } = await loadOpenJpegSimd();
    const codestream = await encodeJpeg2000(pixels, info, { lossless: true });
    const decoded = decodeWith(J2KDecoder, codestream, 0);
    expect([decoded.width, decoded.height, decoded.signed]).toEqual([300, 300, true]);
    expect(new Int16Array(decoded.bytes.buffer, 0, pixels.length)).toEqual(pixels);
  });

  it('produces the same bytes as @cornerstonejs/codec-openjpeg, full and reduced resolution, lossy', async () => {
    const ours = await loadOpenJpegSimd();
    const theirs = await loadEmscriptenModule<{ J2KDecoder: EmbindDecoderClass<J2kDecoder> }>(
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
    );
    const codestream = await encodeJpeg2000(pixels, info, { lossless: false, decompositions: 3 });
    for (const level of [0, 1, 3]) {
      const a = decodeWith(ours.J2KDecoder, codestream, level);
      const b = decodeWith(theirs.J2KDecoder, codestream, level);
      expect(a.width).toBe(Math.ceil(300 / 2 ** level));
      expect(a.bytes.length).toBe(a.width * a.width * 2);
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    }
  });

  it("throws OpenJPEG's error for a truncated codestream and then decodes the next one", async () => {
    const { J2KDecoder } = await loadOpenJpegSimd();
    const codestream = await encodeJpeg2000(pixels, info, { lossless: true });
    expect(() => decodeWith(J2KDecoder, codestream.subarray(0, 40), 0)).toThrow(/^OpenJPEG: \S/);
    expect(decodeWith(J2KDecoder, codestream, 0).bytes.length).toBe(300 * 300 * 2);
  });

  it('keeps decoding correctly after its memory grew for a larger image', { timeout: 120_000 }, async () => {
    const { J2KDecoder } = await loadOpenJpegSimd();
    const large = signedFrame(1536, true); // more than the initial 16 MiB of memory once decoded
    const small = await encodeJpeg2000(pixels, info, { lossless: true });
    const decodedLarge = decodeWith(J2KDecoder, await encodeJpeg2000(large.pixels, large.info, { lossless: true }), 0);
    expect(new Int16Array(decodedLarge.bytes.buffer)).toEqual(large.pixels);
    expect(new Int16Array(decodeWith(J2KDecoder, small, 0).bytes.buffer)).toEqual(pixels);
  });

  it('releases the decoded image on delete', async () => {
    const { J2KDecoder } = await loadOpenJpegSimd();
    const decoder = new J2KDecoder();
    const codestream = await encodeJpeg2000(pixels, info, { lossless: true });
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    decoder.decode();
    expect(decoder.getDecodedBuffer().length).toBe(300 * 300 * 2);
    decoder.delete();
    expect(decoder.getDecodedBuffer().length).toBe(0);
    expect(() => decoder.decode()).toThrow(/no codestream/);
  });
});
