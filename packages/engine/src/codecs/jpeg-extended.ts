import type { FrameCodec } from './frame-codec.js';
import { decodeJpegFrame, initializeJpegDecoders } from './jpeg-decode.js';

/**
 * JPEG Extended, processes 2 & 4 (1.2.840.10008.1.2.4.51): 8-bit streams through libjpeg-turbo as
 * baseline; 12-bit streams through DCMTK's IJG 12-bit codec (dcmjs-codecs), since the libjpeg-turbo
 * build is 8-bit only.
 */
export const jpegExtendedCodec: FrameCodec = {
  initialize: initializeJpegDecoders,
  decode: (bytes, info) => decodeJpegFrame(bytes, info),
};
