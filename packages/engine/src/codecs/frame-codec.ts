import type { DecodedFrame } from '../image/decoded-frame.js';

/** What a codec needs to know about the frame it decodes (from the dataset's Image Pixel module). */
export interface FrameInfo {
  transferSyntaxUid: string;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: 0 | 1;
  photometricInterpretation: string;
  planarConfiguration: 0 | 1;
}

export interface DecodeOptions {
  /**
   * The output will be shown no larger than this. JPEG 2000 / HTJ2K decode at the smallest
   * resolution level that still covers it; other codecs ignore it.
   */
  fitWithin?: { width: number; height: number };
}

/** A codec family module: `initialize()` is idempotent (WASM instantiated once per thread). */
export interface FrameCodec {
  initialize(): Promise<void>;
  /** Decode one frame's compressed bytes (fragments already concatenated). Throws EngineError. */
  decode(bytes: Uint8Array, frameInfo: FrameInfo, options?: DecodeOptions): Promise<DecodedFrame>;
}
