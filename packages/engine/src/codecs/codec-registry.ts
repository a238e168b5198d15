import type { CodecFamily } from '../dicom/transfer-syntax.js';
import type { FrameCodec } from './frame-codec.js';
import { htj2kCodec } from './htj2k.js';
import { jpegBaselineCodec } from './jpeg-baseline.js';
import { jpegExtendedCodec } from './jpeg-extended.js';
import { jpegLosslessCodec } from './jpeg-lossless.js';
import { jpegLsCodec } from './jpeg-ls.js';
import { jpeg2000Codec } from './jpeg2000.js';
import { nativeCodec } from './native.js';
import { rleCodec } from './rle.js';

const codecs: Record<CodecFamily, FrameCodec> = {
  native: nativeCodec,
  rle: rleCodec,
  'jpeg-baseline': jpegBaselineCodec,
  'jpeg-extended': jpegExtendedCodec,
  'jpeg-lossless': jpegLosslessCodec,
  'jpeg-ls': jpegLsCodec,
  jpeg2000: jpeg2000Codec,
  htj2k: htj2kCodec,
};

/** The codec module for a transfer syntax family. */
export function codecFor(family: CodecFamily): FrameCodec {
  return codecs[family];
}

/** Instantiate every codec (WASM modules included) once in this thread, e.g. when a worker starts. */
export async function initializeCodecs(): Promise<void> {
  await Promise.all(Object.values(codecs).map((codec) => codec.initialize()));
}
