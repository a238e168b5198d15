import { readFile } from 'node:fs/promises';
import type { EmbindFrameInfo } from '../embind-decoder.js';
import type { J2kDecoder } from '../j2k-decode.js';

/**
 * OpenJPEG 2.5.0 built by us to WebAssembly with SIMD (`packages/engine/vendor/openjpeg/`, see
 * its build.sh): a plain C API (openjpeg-decode.c), no Emscripten JavaScript glue. This file
 * instantiates it and wraps it in the decoder interface the J2K code shares with the embind
 * builds, producing the same output layout as @cornerstonejs/codec-openjpeg's J2KDecoder.
 *
 * The path is the same from src/ and from dist/ (both two folders below the package root).
 */
const wasmUrl = new URL('../../../vendor/openjpeg/openjpeg-decode.wasm', import.meta.url);

interface Exports {
  memory: { buffer: ArrayBuffer };
  _initialize(): void;
  lj_malloc(size: number): number;
  lj_free(pointer: number): void;
  lj_decode(data: number, length: number, reduce: number, layers: number): number;
  lj_release(): void;
  lj_error_message(): number;
  lj_data(): number;
  lj_length(): number;
  lj_width(): number;
  lj_height(): number;
  lj_components(): number;
  lj_bytes_per_sample(): number;
  lj_precision(): number;
  lj_is_signed(): number;
}

// The compiler's lib has no WebAssembly namespace; the runtime has.
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, Record<string, unknown>>): Promise<{ exports: unknown }>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: Promise<object> | undefined;

/** Compile the module once per thread (a failed attempt is retried). */
function compiledModule(): Promise<object> {
  compiled ??= readFile(wasmUrl)
    .then((bytes) => wasm.compile(bytes))
    .catch((error: unknown) => {
      compiled = undefined;
      throw error;
    });
  return compiled;
}

/** The module reads no environment: its WASI `environ_*` imports report an empty one. */
function wasiImports(memory: () => ArrayBuffer): Record<string, unknown> {
  return {
    environ_sizes_get(countPointer: number, sizePointer: number): number {
      const view = new DataView(memory());
      view.setUint32(countPointer, 0, true);
      view.setUint32(sizePointer, 0, true);
      return 0;
    },
    environ_get: (): number => 0,
  };
}

function readCString(buffer: ArrayBuffer, pointer: number): string {
  const bytes = new Uint8Array(buffer, pointer);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(bytes.subarray(0, Math.max(end, 0)));
}

export interface OpenJpegSimdModule {
  J2KDecoder: new () => J2kDecoder;
}

/**
 * A fresh instance (own memory). One decode at a time: the decoded image lives in the instance
 * until the next decode or `delete()`.
 */
export async function loadOpenJpegSimd(): Promise<OpenJpegSimdModule> {
  let exports: Exports | undefined;
  const memory = (): ArrayBuffer => {
    if (exports === undefined) throw new Error('OpenJPEG module used before instantiation');
    return exports.memory.buffer;
  };
  const instance = await wasm.instantiate(await compiledModule(), {
    env: { emscripten_notify_memory_growth: () => {} },
    wasi_snapshot_preview1: wasiImports(memory),
  });
  const api = instance.exports as Exports;
  exports = api;
  api._initialize();

  class OpenJpegSimdDecoder implements J2kDecoder {
    #encoded = 0;
    #encodedLength = 0;
    #frameInfo: EmbindFrameInfo = { width: 0, height: 0, bitsPerSample: 0, componentCount: 0, isSigned: false };

    getEncodedBuffer(length: number): Uint8Array {
      this.#freeEncoded();
      const pointer = api.lj_malloc(Math.max(1, length));
      if (pointer === 0) throw new Error(`out of memory for ${length} bytes of codestream`);
      this.#encoded = pointer;
      this.#encodedLength = length;
      return new Uint8Array(memory(), pointer, length);
    }

    decode(): void {
      this.decodeSubResolution(0, 0);
    }

    decodeSubResolution(decompositionLevel: number, layer: number): void {
      if (this.#encoded === 0) throw new Error('no codestream: call getEncodedBuffer first');
      const status = api.lj_decode(this.#encoded, this.#encodedLength, decompositionLevel, layer);
      if (status !== 0) throw new Error(`OpenJPEG: ${readCString(memory(), api.lj_error_message())}`);
      this.#frameInfo = {
        width: api.lj_width(),
        height: api.lj_height(),
        bitsPerSample: api.lj_precision(),
        componentCount: api.lj_components(),
        isSigned: api.lj_is_signed() !== 0,
      };
    }

    /** A view into the module's memory, valid until the next call into the module. */
    getDecodedBuffer(): Uint8Array {
      const pointer = api.lj_data();
      return pointer === 0 ? new Uint8Array(0) : new Uint8Array(memory(), pointer, api.lj_length());
    }

    getFrameInfo(): EmbindFrameInfo {
      return this.#frameInfo;
    }

    delete(): void {
      this.#freeEncoded();
      api.lj_release();
    }

    #freeEncoded(): void {
      if (this.#encoded !== 0) api.lj_free(this.#encoded);
      this.#encoded = 0;
      this.#encodedLength = 0;
    }
  }

  return { J2KDecoder: OpenJpegSimdDecoder };
}
