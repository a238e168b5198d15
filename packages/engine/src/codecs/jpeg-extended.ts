import { decodeWithDcmtk, initializeDcmtk } from './dcmtk-jpeg.js';
import type { FrameCodec } from './frame-codec.js';

/**
 * JPEG Extended (processes 2 & 4: 8- and 12-bit DCT). libjpeg-turbo's 8-bit build cannot decode
 * 12-bit samples, so this uses DCMTK's IJG-based codecs compiled to WASM (dcmjs-codecs).
 */
export const jpegExtendedCodec: FrameCodec = {
  initialize: async () => {
    await initializeDcmtk();
  },
  decode: (bytes, info) => decodeWithDcmtk(bytes, info),
};
