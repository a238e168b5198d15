import type { FrameCodec } from './frame-codec.js';
import { decodeJ2k } from './j2k-decode.js';
import { loadOpenJpegSimd } from './openjpeg-simd/openjpeg-simd.js';
import { reloadableModule } from './reloadable-module.js';

/**
 * OpenJPEG 2.5.0 built with WebAssembly SIMD (vendor/openjpeg), once per thread (again after a
 * trap).
 */
export const openJpeg = reloadableModule(loadOpenJpegSimd);

/**
 * JPEG 2000 lossless (.90) and lossy (.91) with OpenJPEG; reduced-resolution decode with
 * `fitWithin`; a JP2 file in the pixel data is unwrapped to its codestream.
 *
 * Signedness: PS3.5 8.2.4 wants Pixel Representation to match the codestream, but some writers
 * mark signed data unsigned in SIZ (J2K_pixelrep_mismatch.dcm: 13-bit "unsigned" CT whose values
 * only make sense as two's complement: -2000 padding, air near -1000). Like pydicom (its J2K
 * corrections) and the reference decoder, the data set wins: samples are taken as BitsStored-bit
 * values of the Pixel Representation's signedness.
 */
export const jpeg2000Codec: FrameCodec = {
  initialize: async () => {
    await openJpeg.get();
  },
  async decode(bytes, info, options) {
    const codec = await openJpeg.get();
    try {
      return decodeJ2k(() => codec.J2KDecoder, bytes, info, options);
    } catch (error) {
      openJpeg.discardAfter(error);
      throw error;
    }
  },
};
