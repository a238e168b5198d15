import { decodeWithDcmtk, initializeDcmtk } from './dcmtk-jpeg.js';
import type { FrameCodec } from './frame-codec.js';

/** JPEG Lossless, process 14 (any predictor, SV1 included), up to 16 bits: DCMTK via dcmjs-codecs. */
export const jpegLosslessCodec: FrameCodec = {
  initialize: async () => {
    await initializeDcmtk();
  },
  decode: (bytes, info) => decodeWithDcmtk(bytes, info),
};
