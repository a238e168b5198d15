import { Errors, isEngineError } from '../../errors/engine-error.js';
import type { PixelArray } from '../../image/decoded-frame.js';
import { reasonOf } from '../decoded-samples.js';
import { loadEmscriptenModule } from '../embind-decoder.js';
import { once } from '../emscripten-module.js';
import { decompositionsFor, type EncodeFrameInfo, type EncoderFrameInfo, encoderInput } from './encoder-input.js';

interface Htj2kEncoder {
  getDecodedBuffer(frame: EncoderFrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  setQuality(lossless: boolean, quantizationStep: number): void;
  setDecompositions(levels: number): void;
  setProgressionOrder(order: number): void;
  encode(): void;
  delete(): void;
}

const load = once(() =>
  loadEmscriptenModule<{ HTJ2KEncoder: new () => Htj2kEncoder }>('@cornerstonejs/codec-openjph/wasmjs'),
);

/** JPEG 2000 progression orders as COD numbers them. */
const progressionOrders = { LRCP: 0, RLCP: 1, RPCL: 2, PCRL: 3, CPRL: 4 } as const;

export interface Htj2kEncodeOptions {
  lossless: boolean;
  /** Wavelet decomposition levels (default 5, capped by the frame size). */
  decompositions?: number;
  /** Lossy only: quantization step (default 0.001; larger is smaller and coarser). */
  quantizationStep?: number;
  /** Default RPCL, as transfer syntax .202 requires. */
  progressionOrder?: keyof typeof progressionOrders;
  /** RCT/ICT for 3-sample frames (default true): the decoder then outputs RGB. */
  colourTransform?: boolean;
}

/** Encode one frame (interleaved samples) as an HTJ2K codestream with OpenJPH. */
export async function encodeHtj2k(
  pixels: PixelArray,
  frameInfo: EncodeFrameInfo,
  options: Htj2kEncodeOptions,
): Promise<Uint8Array> {
  const input = encoderInput(pixels, frameInfo, options.colourTransform ?? true);
  const levels = decompositionsFor(frameInfo, options.decompositions);
  const step = options.quantizationStep ?? 0.001;
  if (!(step > 0 && step < 1)) throw Errors.invalidPixelModule('quantizationStep must be between 0 and 1');
  const codec = await load();
  const encoder = new codec.HTJ2KEncoder();
  try {
    encoder.getDecodedBuffer(input.frame).set(input.bytes);
    encoder.setQuality(options.lossless, options.lossless ? 0 : step);
    encoder.setDecompositions(levels);
    encoder.setProgressionOrder(progressionOrders[options.progressionOrder ?? 'RPCL']);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } catch (error) {
    if (isEngineError(error)) throw error;
    throw Errors.invalidPixelModule(`HTJ2K encoder failed: ${reasonOf(error)}`);
  } finally {
    encoder.delete();
  }
}
