import { createRequire } from 'node:module';
import type * as JpegTurbo from '@julusian/jpeg-turbo';
import type { DisplayPixels } from './display-pixels.js';

type Binding = typeof JpegTurbo;

let binding: Binding | null | undefined;

/**
 * libjpeg-turbo's TurboJPEG API through @julusian/jpeg-turbo (a Node-API binding whose npm package
 * ships the library prebuilt for each platform), loaded on first use; null where no prebuilt
 * binding loads (an unsupported platform), and callers encode with sharp instead.
 */
export function jpegTurbo(): Binding | null {
  if (binding === undefined) {
    try {
      binding = createRequire(import.meta.url)('@julusian/jpeg-turbo') as Binding;
    } catch {
      binding = null;
    }
  }
  return binding;
}

/**
 * Baseline JPEG of 8-bit display pixels, synchronously in this thread: grey as one component, RGB
 * as YCbCr 4:2:0 (what sharp writes by default), standard quantisation tables scaled to `quality`,
 * default Huffman tables. The engine encodes in its worker threads, where blocking is the point:
 * the same image through sharp costs 1.7–2.5× the CPU (libvips copies the buffer and hands the
 * encode to its own threads; `pnpm bench:render-floor` measures both).
 */
export function encodeJpegTurbo(turbo: Binding, pixels: DisplayPixels, quality: number): Uint8Array {
  const grey = pixels.channels === 1;
  const options = {
    width: pixels.width,
    height: pixels.height,
    format: grey ? turbo.FORMAT_GRAY : turbo.FORMAT_RGB,
    subsampling: grey ? turbo.SAMP_GRAY : turbo.SAMP_420,
    quality,
  };
  const raw = Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength);
  const jpeg = turbo.compressSync(raw, scratchFor(turbo.bufferSize(options)), options);
  return new Uint8Array(jpeg);
}

/** Output buffers above this are not kept between encodes (about a 2800² RGB image's worst case). */
const SCRATCH_MAX_BYTES = 32 * 1024 * 1024;
let scratch: Buffer | undefined;

/**
 * The thread's output buffer, at least `size` bytes (TurboJPEG's worst case for the image): the
 * encoder writes there and the caller gets a copy of just the JPEG, instead of a fresh worst-case
 * buffer (about the raw image's size) for every encode.
 */
function scratchFor(size: number): Buffer {
  if (size > SCRATCH_MAX_BYTES) return Buffer.allocUnsafeSlow(size);
  if (scratch === undefined || scratch.byteLength < size) scratch = Buffer.allocUnsafeSlow(size);
  return scratch;
}
