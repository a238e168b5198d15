import { Errors, isEngineError } from '../errors/engine-error.js';
import { decodeWithDcmtk, initializeDcmtk } from './dcmtk-jpeg.js';
import { expectDimensions, reasonOf, toDecodedFrame } from './decoded-samples.js';
import { type EmbindDecoder, type EmbindDecoderClass, loadEmscriptenModule, withDecoder } from './embind-decoder.js';
import { once } from './emscripten-module.js';
import type { FrameCodec } from './frame-codec.js';

interface LibJpegTurbo {
  JPEGDecoder: EmbindDecoderClass<EmbindDecoder>;
}

const load = once(() => loadEmscriptenModule<LibJpegTurbo>('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'));

/**
 * JPEG Baseline (process 1) with libjpeg-turbo (@cornerstonejs/codec-libjpeg-turbo-8bit).
 * Three-component YCbCr streams come out as RGB (libjpeg converts; streams marked as RGB by an
 * Adobe marker or component ids are left alone), so the decoded frame says RGB.
 *
 * A three-component stream the data set calls RGB was encoded without a colour transform, but
 * libjpeg only knows that from markers many encoders omit, and this build cannot be told
 * otherwise: those frames go to DCMTK (dcmjs-codecs), which leaves the components untouched.
 */
export const jpegBaselineCodec: FrameCodec = {
  initialize: async () => {
    await Promise.all([load(), initializeDcmtk()]);
  },
  async decode(bytes, info) {
    if (info.samplesPerPixel === 3 && info.photometricInterpretation === 'RGB') return decodeWithDcmtk(bytes, info);
    const codec = await load();
    try {
      return withDecoder(
        codec.JPEGDecoder,
        bytes,
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
      throw Errors.corruptPixelData(info.transferSyntaxUid, reasonOf(error), error);
    }
  },
};
