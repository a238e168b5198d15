import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Errors, isEngineError } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { reasonOf, toDecodedFrame } from './decoded-samples.js';
import type { FrameInfo } from './frame-codec.js';

const require = createRequire(import.meta.url);
// A webpack bundle: load it as CommonJS (its named exports are not statically detectable).
const { Context, NativeCodecs } = require('dcmjs-codecs') as typeof import('dcmjs-codecs');

let ready: Promise<void> | undefined;

/**
 * DCMTK's IJG-based JPEG codecs (dcmjs-codecs; the WASM ships in the package, nothing is fetched),
 * instantiated once per thread. A failed attempt is forgotten so the next call retries.
 */
export function initializeDcmtk(): Promise<void> {
  ready ??= (async () => {
    const wasm = join(dirname(require.resolve('dcmjs-codecs/package.json')), 'build', 'dcmjs-native-codecs.wasm');
    await NativeCodecs.initializeAsync({
      webAssemblyModulePathOrUrl: wasm,
      logCodecsInfo: false,
      logCodecsTrace: false,
    });
  })().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

/**
 * dcmjs-codecs frees its WASM-side context only when a decode returns: an exception thrown out of
 * the codec leaks it and may leave the C++ side half-unwound. Drop the instance; the next decode
 * instantiates a fresh one (about 50 ms), so bad input cannot wear the heap down.
 */
function discardInstance(): void {
  NativeCodecs.release();
  ready = undefined;
}

/** A dcmjs-codecs Context's image attributes for a frame laid out as `info` says, samples interleaved. */
export function dcmtkImageAttributes(info: FrameInfo) {
  return {
    width: info.columns,
    height: info.rows,
    bitsAllocated: info.bitsAllocated,
    bitsStored: info.bitsStored,
    samplesPerPixel: info.samplesPerPixel,
    pixelRepresentation: info.pixelRepresentation,
    planarConfiguration: 0,
    photometricInterpretation: info.photometricInterpretation,
  };
}

function runDcmtk(bytes: Uint8Array, info: FrameInfo) {
  const context = new Context({ ...dcmtkImageAttributes(info), encodedBuffer: bytes });
  return NativeCodecs.decodeJpeg(context, { convertColorspaceToRgb: false });
}

/**
 * Decode a JPEG process 2/4 (12-bit) or process 14 (lossless, any predictor) frame whose header was
 * already checked against `info`. Colour stays in the stored colour space (no YCbCr → RGB).
 */
export async function decodeWithDcmtk(bytes: Uint8Array, info: FrameInfo): Promise<DecodedFrame> {
  await initializeDcmtk();
  if (!NativeCodecs.isInitialized()) await initializeDcmtk(); // another decode discarded the instance meanwhile
  try {
    const decoded = runDcmtk(bytes, info);
    if ((decoded.getPlanarConfiguration() ?? 0) === 1 && info.samplesPerPixel > 1) {
      throw Errors.corruptPixelData(info.transferSyntaxUid, 'DCMTK returned planar samples');
    }
    const buffer = decoded.getDecodedBuffer();
    if (buffer === undefined || buffer.length === 0) throw new Error('DCMTK produced no pixels');
    const photometric = decoded.getPhotometricInterpretation() ?? info.photometricInterpretation;
    return toDecodedFrame(
      {
        bytes: buffer,
        bytesPerSample: (decoded.getBitsAllocated() ?? info.bitsAllocated) > 8 ? 2 : 1,
        rows: info.rows,
        columns: info.columns,
        samplesPerPixel: decoded.getSamplesPerPixel() ?? info.samplesPerPixel,
        // One sample a pixel per component: chroma is no longer subsampled.
        photometricInterpretation: photometric === 'YBR_FULL_422' ? 'YBR_FULL' : photometric,
      },
      info,
    );
  } catch (error) {
    if (isEngineError(error)) throw error;
    discardInstance();
    throw Errors.corruptPixelData(info.transferSyntaxUid, `DCMTK: ${reasonOf(error)}`, error);
  }
}
