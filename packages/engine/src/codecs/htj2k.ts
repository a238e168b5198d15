import { type EmbindDecoderClass, loadEmscriptenModule } from './embind-decoder.js';
import type { FrameCodec } from './frame-codec.js';
import { decodeJ2k, type J2kDecoder } from './j2k-decode.js';
import { openJpeg } from './jpeg2000.js';
import { type ReloadableModule, reloadableModule } from './reloadable-module.js';

/** OpenJPH (@cornerstonejs/codec-openjph, encoder and decoder in one module), once per thread. */
const openJph = reloadableModule(() =>
  loadEmscriptenModule<{ HTJ2KDecoder: EmbindDecoderClass<J2kDecoder> }>('@cornerstonejs/codec-openjph/wasmjs'),
);

/**
 * High-Throughput JPEG 2000 (.201, .202 RPCL, .203) with OpenJPH; reduced-resolution decode with
 * `fitWithin`. OpenJPH reads only HT code-blocks, so a codestream without Part 15 capabilities
 * (plain JPEG 2000 under an HTJ2K transfer syntax) goes to OpenJPEG instead.
 */
export const htj2kCodec: FrameCodec = {
  initialize: async () => {
    await Promise.all([openJph.get(), openJpeg.get()]);
  },
  async decode(bytes, info, options) {
    const [ph, oj] = await Promise.all([openJph.get(), openJpeg.get()]);
    let used: ReloadableModule<unknown> = openJph;
    try {
      return decodeJ2k(
        (header) => {
          used = header.highThroughput ? openJph : openJpeg;
          return header.highThroughput ? ph.HTJ2KDecoder : oj.J2KDecoder;
        },
        bytes,
        info,
        options,
      );
    } catch (error) {
      used.discardAfter(error);
      throw error;
    }
  },
};
