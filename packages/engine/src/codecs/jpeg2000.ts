import type { EmbindDecoderClass } from './embind-decoder.js';
import { loadEmscriptenModule } from './embind-decoder.js';
import { once } from './emscripten-module.js';
import type { FrameCodec } from './frame-codec.js';
import { decodeJ2k, type J2kDecoder } from './j2k-decode.js';

const load = once(() =>
  loadEmscriptenModule<{ J2KDecoder: EmbindDecoderClass<J2kDecoder> }>('@cornerstonejs/codec-openjpeg/decodewasmjs'),
);

/** JPEG 2000 (lossless and lossy) with OpenJPEG (@cornerstonejs/codec-openjpeg); reduced-resolution decode. */
export const jpeg2000Codec: FrameCodec = {
  initialize: async () => {
    await load();
  },
  async decode(bytes, info, options) {
    const codec = await load();
    return decodeJ2k(codec.J2KDecoder, bytes, info, options);
  },
};
