import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Errors, isEngineError } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { expectDimensions, reasonOf, toDecodedFrame } from './decoded-samples.js';
import { once } from './emscripten-module.js';
import type { FrameInfo } from './frame-codec.js';

const require = createRequire(import.meta.url);
// A webpack bundle: load it as CommonJS (its named exports are not statically detectable).
const { Context, NativeCodecs } = require('dcmjs-codecs') as typeof import('dcmjs-codecs');

/** DCMTK's JPEG codecs (dcmjs-codecs, WASM bundled in the package): instantiated once per thread. */
export const initializeDcmtk = once(async () => {
  const wasm = join(dirname(require.resolve('dcmjs-codecs/package.json')), 'build', 'dcmjs-native-codecs.wasm');
  await NativeCodecs.initializeAsync({ webAssemblyModulePathOrUrl: wasm, logCodecsInfo: false, logCodecsTrace: false });
});

/**
 * Decode a JPEG process 2/4 (8 and 12 bit) or process 14 (lossless, any predictor) frame with
 * DCMTK. Colour stays in the stored colour space (no YCbCr → RGB), chroma upsampled.
 */
export async function decodeWithDcmtk(bytes: Uint8Array, info: FrameInfo): Promise<DecodedFrame> {
  await initializeDcmtk();
  try {
    const context = new Context({
      width: info.columns,
      height: info.rows,
      bitsAllocated: info.bitsAllocated,
      bitsStored: info.bitsStored,
      samplesPerPixel: info.samplesPerPixel,
      pixelRepresentation: info.pixelRepresentation,
      planarConfiguration: 0,
      photometricInterpretation: info.photometricInterpretation,
      encodedBuffer: bytes,
    });
    const decoded = NativeCodecs.decodeJpeg(context, { convertColorspaceToRgb: false });
    const buffer = decoded.getDecodedBuffer();
    if (buffer === undefined || buffer.length === 0) throw new Error('DCMTK produced no pixels');
    expectDimensions(info, decoded.getHeight() ?? 0, decoded.getWidth() ?? 0);
    const photometric = decoded.getPhotometricInterpretation() ?? info.photometricInterpretation;
    const bytesPerSample = (decoded.getBitsAllocated() ?? info.bitsAllocated) > 8 ? 2 : 1;
    const frame = toDecodedFrame(
      {
        bytes: buffer,
        bytesPerSample,
        rows: info.rows,
        columns: info.columns,
        samplesPerPixel: decoded.getSamplesPerPixel() ?? info.samplesPerPixel,
        // The output is one sample a pixel per component, chroma no longer subsampled.
        photometricInterpretation: photometric === 'YBR_FULL_422' ? 'YBR_FULL' : photometric,
      },
      info,
    );
    if ((decoded.getPlanarConfiguration() ?? 0) === 1 && frame.info.samplesPerPixel > 1) {
      throw Errors.corruptPixelData(info.transferSyntaxUid, 'decoder returned planar samples');
    }
    return frame;
  } catch (error) {
    if (isEngineError(error)) throw error;
    throw Errors.corruptPixelData(info.transferSyntaxUid, reasonOf(error), error);
  }
}
