import { Errors, isEngineError } from '../errors/engine-error.js';
import { interleavePlanar } from '../image/pixel-array.js';
import { expectDimensions, reasonOf, toDecodedFrame } from './decoded-samples.js';
import { type EmbindDecoder, type EmbindDecoderClass, loadEmscriptenModule, withDecoder } from './embind-decoder.js';
import { once } from './emscripten-module.js';
import type { FrameCodec } from './frame-codec.js';

interface JpegLsDecoder extends EmbindDecoder {
  getInterleaveMode(): number;
}

const load = once(() =>
  loadEmscriptenModule<{ JpegLSDecoder: EmbindDecoderClass<JpegLsDecoder> }>(
    '@cornerstonejs/codec-charls/decodewasmjs',
  ),
);

/** JPEG-LS lossless and near-lossless with CharLS (@cornerstonejs/codec-charls). */
export const jpegLsCodec: FrameCodec = {
  initialize: async () => {
    await load();
  },
  async decode(bytes, info) {
    const codec = await load();
    try {
      return withDecoder(
        codec.JpegLSDecoder,
        bytes,
        (decoder) => decoder.decode(),
        (decoder) => {
          const frame = decoder.getFrameInfo();
          expectDimensions(info, frame.height, frame.width);
          const decoded = toDecodedFrame(
            {
              bytes: decoder.getDecodedBuffer(),
              bytesPerSample: frame.bitsPerSample > 8 ? 2 : 1,
              rows: frame.height,
              columns: frame.width,
              samplesPerPixel: frame.componentCount,
              photometricInterpretation: info.photometricInterpretation,
            },
            info,
          );
          // Interleave mode 0 (none) stores colour planes one after the other.
          if (frame.componentCount > 1 && decoder.getInterleaveMode() === 0) {
            decoded.pixels = interleavePlanar(decoded.pixels, frame.componentCount);
          }
          return decoded;
        },
      );
    } catch (error) {
      if (isEngineError(error)) throw error;
      throw Errors.corruptPixelData(info.transferSyntaxUid, reasonOf(error), error);
    }
  },
};
