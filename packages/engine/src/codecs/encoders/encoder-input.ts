import { Errors } from '../../errors/engine-error.js';
import type { PixelArray } from '../../image/decoded-frame.js';
import { createPixelArray } from '../../image/pixel-array.js';
import type { FrameInfo } from '../frame-codec.js';

/** What an encoder needs to know about the frame it encodes. */
export type EncodeFrameInfo = Pick<
  FrameInfo,
  'rows' | 'columns' | 'samplesPerPixel' | 'bitsAllocated' | 'bitsStored' | 'pixelRepresentation'
>;

/** The codecs' embind encoder frame description. */
export interface EncoderFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
  isUsingColorTransform: boolean;
}

export interface EncoderInput {
  frame: EncoderFrameInfo;
  /** Samples interleaved, little-endian, 1 byte a sample up to 8 bits, else 2. */
  bytes: Uint8Array;
}

/**
 * Check a frame to encode (interleaved samples, up to 16 bits stored) and lay its samples out as
 * the encoders read them. Throws INVALID_PIXEL_MODULE.
 */
export function encoderInput(pixels: PixelArray, info: EncodeFrameInfo, colourTransform: boolean): EncoderInput {
  const { rows, columns, samplesPerPixel, bitsStored } = info;
  const count = rows * columns * samplesPerPixel;
  if (!(rows > 0 && columns > 0) || (samplesPerPixel !== 1 && samplesPerPixel !== 3)) {
    throw Errors.invalidPixelModule('encoders take a non-empty frame of 1 or 3 samples a pixel');
  }
  if (bitsStored < 2 || bitsStored > 16 || bitsStored > info.bitsAllocated) {
    throw Errors.invalidPixelModule(`encoders take 2 to 16 bits stored, not ${bitsStored}`);
  }
  if (pixels.length !== count) {
    throw Errors.invalidPixelModule(`frame has ${pixels.length} samples, ${count} expected`);
  }
  const signed = info.pixelRepresentation === 1;
  const samples = createPixelArray(bitsStored > 8 ? 16 : 8, signed, count);
  samples.set(pixels);
  return {
    frame: {
      width: columns,
      height: rows,
      bitsPerSample: bitsStored,
      componentCount: samplesPerPixel,
      isSigned: signed,
      isUsingColorTransform: colourTransform && samplesPerPixel === 3,
    },
    bytes: new Uint8Array(samples.buffer),
  };
}

/** Most decompositions (default 5) the frame allows: each level halves the smaller side. */
export function decompositionsFor(info: EncodeFrameInfo, requested: number | undefined): number {
  const limit = Math.floor(Math.log2(Math.min(info.rows, info.columns)));
  const wanted = requested ?? 5;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 32) {
    throw Errors.invalidPixelModule(`decompositions must be an integer from 0 to 32, not ${wanted}`);
  }
  return Math.min(wanted, limit);
}
