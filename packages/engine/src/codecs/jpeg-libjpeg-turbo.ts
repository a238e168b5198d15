import { Errors, isEngineError } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { expectDimensions, reasonOf, toDecodedFrame } from './decoded-samples.js';
import { type EmbindDecoder, type EmbindDecoderClass, loadEmscriptenModule, withDecoder } from './embind-decoder.js';
import { once } from './emscripten-module.js';
import type { FrameInfo } from './frame-codec.js';
import type { JpegHeader } from './jpeg-markers.js';

interface LibJpegTurbo {
  JPEGDecoder: EmbindDecoderClass<EmbindDecoder>;
}

/** libjpeg-turbo (@cornerstonejs/codec-libjpeg-turbo-8bit), instantiated once per thread. */
export const initializeLibjpegTurbo = once(() =>
  loadEmscriptenModule<LibJpegTurbo>('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'),
);

/** An Adobe APP14 segment saying "no colour transform" (transform = 0). */
const adobeNoTransform = Uint8Array.of(
  0xff,
  0xee,
  0x00,
  0x0e,
  0x41,
  0x64,
  0x6f,
  0x62,
  0x65,
  0x00,
  0x64,
  0x00,
  0x00,
  0x00,
  0x00,
  0x00,
);

/**
 * libjpeg takes a three-component stream without JFIF or Adobe marker for YCbCr unless its component
 * ids are 'R','G','B'. When the data set says RGB (no colour transform, PS3.5 8.2.1) and the stream
 * does not say otherwise, tell libjpeg so with an Adobe marker after SOI. A JFIF or Adobe marker in
 * the stream wins over the data set's label (the stream is what was actually encoded).
 */
function withColourSpaceDeclared(bytes: Uint8Array, header: JpegHeader, info: FrameInfo): Uint8Array {
  const ids = header.components.map((c) => c.id);
  const rgbIds = ids[0] === 0x52 && ids[1] === 0x47 && ids[2] === 0x42;
  if (info.photometricInterpretation !== 'RGB' || ids.length !== 3 || header.jfif || rgbIds) return bytes;
  if (header.adobeTransform !== undefined) return bytes;
  const out = new Uint8Array(bytes.length + adobeNoTransform.length);
  out.set(bytes.subarray(0, 2));
  out.set(adobeNoTransform, 2);
  out.set(bytes.subarray(2), 2 + adobeNoTransform.length);
  return out;
}

/**
 * Decode an 8-bit DCT stream. Three components come out as RGB: libjpeg converts YCbCr, and leaves
 * streams encoded without colour transform alone; the decoded frame then says RGB.
 */
export async function decodeWithLibjpegTurbo(
  bytes: Uint8Array,
  header: JpegHeader,
  info: FrameInfo,
): Promise<DecodedFrame> {
  const codec = await initializeLibjpegTurbo();
  try {
    return withDecoder(
      codec.JPEGDecoder,
      withColourSpaceDeclared(bytes, header, info),
      (decoder) => decoder.decode(),
      (decoder) => {
        const frame = decoder.getFrameInfo();
        expectDimensions(info, frame.height, frame.width);
        return toDecodedFrame(
          {
            bytes: decoder.getDecodedBuffer(),
            bytesPerSample: 1,
            rows: frame.height,
            columns: frame.width,
            samplesPerPixel: frame.componentCount,
            photometricInterpretation: frame.componentCount === 3 ? 'RGB' : info.photometricInterpretation,
          },
          info,
        );
      },
    );
  } catch (error) {
    if (isEngineError(error)) throw error;
    // The embind build throws C++ exceptions as bare pointers: say which decoder gave up instead.
    const reason = typeof error === 'number' ? 'libjpeg-turbo rejected the stream' : reasonOf(error);
    throw Errors.corruptPixelData(info.transferSyntaxUid, reason, error);
  }
}
