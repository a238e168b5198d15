import { Errors, isEngineError } from '../../errors/engine-error.js';
import type { PixelArray } from '../../image/decoded-frame.js';
import { reasonOf } from '../decoded-samples.js';
import { loadEmscriptenModule } from '../embind-decoder.js';
import { once } from '../emscripten-module.js';
import { decompositionsFor, type EncodeFrameInfo, type EncoderFrameInfo, encoderInput } from './encoder-input.js';

interface J2kEncoder {
  getDecodedBuffer(frame: EncoderFrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  setQuality(lossless: boolean, quality: number): void;
  setDecompositions(levels: number): void;
  encode(): void;
  delete(): void;
}

const load = once(() =>
  loadEmscriptenModule<{ J2KEncoder: new () => J2kEncoder }>('@cornerstonejs/codec-openjpeg/wasmjs'),
);

export interface Jpeg2000EncodeOptions {
  /** Reversible 5/3 wavelet (lossless) or irreversible 9/7 (lossy). */
  lossless: boolean;
  /** Wavelet decomposition levels (default 5, capped by the frame size). */
  decompositions?: number;
  /** RCT/ICT for 3-sample frames (default true): the decoder then outputs RGB. */
  colourTransform?: boolean;
}

/** Encode one frame (interleaved samples) as a bare JPEG 2000 codestream with OpenJPEG. */
export async function encodeJpeg2000(
  pixels: PixelArray,
  frameInfo: EncodeFrameInfo,
  options: Jpeg2000EncodeOptions,
): Promise<Uint8Array> {
  const input = encoderInput(pixels, frameInfo, options.colourTransform ?? true);
  const levels = decompositionsFor(frameInfo, options.decompositions);
  const codec = await load();
  const encoder = new codec.J2KEncoder();
  try {
    encoder.getDecodedBuffer(input.frame).set(input.bytes);
    encoder.setQuality(options.lossless, 0);
    encoder.setDecompositions(levels);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } catch (error) {
    if (isEngineError(error)) throw error;
    throw Errors.invalidPixelModule(`JPEG 2000 encoder failed: ${reasonOf(error)}`);
  } finally {
    encoder.delete();
  }
}
