import type { EmbindDecoderClass } from './embind-decoder.js';
import { loadEmscriptenModule } from './embind-decoder.js';
import { once } from './emscripten-module.js';
import type { FrameCodec } from './frame-codec.js';
import { decodeJ2k, type J2kDecoder } from './j2k-decode.js';

const load = once(() =>
  loadEmscriptenModule<{ HTJ2KDecoder: EmbindDecoderClass<J2kDecoder> }>('@cornerstonejs/codec-openjph/wasmjs'),
);

/** High-Throughput JPEG 2000 (.201/.202/.203) with OpenJPH (@cornerstonejs/codec-openjph); reduced-resolution decode. */
export const htj2kCodec: FrameCodec = {
  initialize: async () => {
    await load();
  },
  async decode(bytes, info, options) {
    const codec = await load();
    return decodeJ2k(codec.HTJ2KDecoder, bytes, info, options);
  },
};
