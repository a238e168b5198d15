import type { FrameCodec } from './frame-codec.js';
import { decodeJpegFrame, initializeJpegDecoders } from './jpeg-decode.js';

/**
 * JPEG Baseline, process 1 (1.2.840.10008.1.2.4.50): libjpeg-turbo. Three-component frames come out
 * as RGB and say so (YCbCr is converted; a stream encoded without colour transform is left alone).
 * A stream whose frame header is not baseline is decoded by what it is (see decodeJpegFrame).
 */
export const jpegBaselineCodec: FrameCodec = {
  initialize: initializeJpegDecoders,
  decode: (bytes, info) => decodeJpegFrame(bytes, info),
};
