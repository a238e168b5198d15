import { Errors, isEngineError } from '../../errors/engine-error.js';
import type { PixelArray } from '../../image/decoded-frame.js';
import { reasonOf } from '../decoded-samples.js';
import { loadEmscriptenModule } from '../embind-decoder.js';
import { once } from '../emscripten-module.js';
import { type EncodeFrameInfo, type EncoderFrameInfo, encoderInput } from './encoder-input.js';

interface JpegLsEncoder {
  getDecodedBuffer(frame: Omit<EncoderFrameInfo, 'isUsingColorTransform'>): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  setNearLossless(maximumError: number): void;
  setInterleaveMode(mode: number): void;
  encode(): void;
  delete(): void;
}

const load = once(() =>
  loadEmscriptenModule<{ JpegLSEncoder: new () => JpegLsEncoder }>('@cornerstonejs/codec-charls/wasmjs'),
);

export interface JpegLsEncodeOptions {
  /** Maximum error a sample may have: 0 (default) is lossless (.80), more is near-lossless (.81). */
  nearLossless?: number;
}

/**
 * Encode one frame (interleaved samples) as JPEG-LS with CharLS. JPEG-LS has no signed samples:
 * signed frames are stored as BitsStored-bit two's complement, as DICOM does.
 */
export async function encodeJpegLs(
  pixels: PixelArray,
  frameInfo: EncodeFrameInfo,
  options: JpegLsEncodeOptions = {},
): Promise<Uint8Array> {
  const input = encoderInput(pixels, frameInfo, false);
  const near = options.nearLossless ?? 0;
  if (!Number.isInteger(near) || near < 0 || near > 255) {
    throw Errors.invalidPixelModule('nearLossless must be an integer from 0 to 255');
  }
  const { bitsPerSample } = input.frame;
  const wide = bitsPerSample > 8;
  const samples = wide ? new Uint16Array(input.bytes.buffer) : input.bytes;
  const mask = (1 << bitsPerSample) - 1;
  for (let i = 0; i < samples.length; i++) samples[i] = (samples[i] as number) & mask;
  const codec = await load();
  const encoder = new codec.JpegLSEncoder();
  try {
    const { isUsingColorTransform: _, ...frame } = input.frame;
    encoder.getDecodedBuffer({ ...frame, isSigned: false }).set(input.bytes);
    encoder.setNearLossless(near);
    encoder.setInterleaveMode(frame.componentCount > 1 ? 2 : 0);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } catch (error) {
    if (isEngineError(error)) throw error;
    throw Errors.invalidPixelModule(`JPEG-LS encoder failed: ${reasonOf(error)}`);
  } finally {
    encoder.delete();
  }
}
