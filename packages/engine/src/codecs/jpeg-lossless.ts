import type { FrameCodec } from './frame-codec.js';
import { decodeJpegFrame, initializeJpegDecoders } from './jpeg-decode.js';

/**
 * JPEG Lossless, process 14 (1.2.840.10008.1.2.4.57 any predictor, .70 first-order prediction),
 * 2 to 16 bits: DCMTK's lossless IJG codec (dcmjs-codecs).
 */
export const jpegLosslessCodec: FrameCodec = {
  initialize: initializeJpegDecoders,
  decode: (bytes, info) => decodeJpegFrame(bytes, info),
};
