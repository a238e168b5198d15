import { createRequire } from 'node:module';
import { type EmscriptenFactory, instantiateQuietly } from './emscripten-module.js';

/** The shape of the @cornerstonejs/codec-* embind decoder classes. */
export interface EmbindFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

export interface EmbindDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): EmbindFrameInfo;
  delete(): void;
}

export type EmbindDecoderClass<D extends EmbindDecoder> = new () => D;

const require = createRequire(import.meta.url);

/** Load an Emscripten factory from an npm package entry point (CommonJS), console silenced. */
export function loadEmscriptenModule<M>(specifier: string): Promise<M> {
  const loaded = require(specifier) as EmscriptenFactory<M> | { default: EmscriptenFactory<M> };
  const factory = typeof loaded === 'function' ? loaded : loaded.default;
  return instantiateQuietly(factory);
}

/**
 * Run one decode on a fresh decoder instance of an already-instantiated module: copy the encoded
 * bytes into WASM memory, decode, hand the decoder to `read` (which must copy what it keeps out of
 * WASM memory), and always free the instance.
 */
export function withDecoder<D extends EmbindDecoder, T>(
  DecoderClass: EmbindDecoderClass<D>,
  bytes: Uint8Array,
  decode: (decoder: D) => void,
  read: (decoder: D) => T,
): T {
  const decoder = new DecoderClass();
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decode(decoder);
    return read(decoder);
  } finally {
    decoder.delete();
  }
}
