import type { DecodedFrameWithAttributes, PixelArray } from '@lucent/engine';
import { type ByteLru, createByteLru } from './byte-lru.js';

/**
 * Decoded frames (stored values and rendering attributes) in a byte-bounded in-process LRU, keyed
 * `{sopInstanceUid}:{sha256}:{frame}`. Pixels are moved into a SharedArrayBuffer when kept, so a
 * render of another window or size hands them to an engine worker without copying.
 */
export interface DecodedFrameCache {
  get(key: string): DecodedFrameWithAttributes | undefined;
  /** Keep a frame (copied into shared memory); returns the kept value, or the input when not kept. */
  set(key: string, decoded: DecodedFrameWithAttributes): DecodedFrameWithAttributes;
  deleteByPrefix(prefix: string): number;
  readonly lru: ByteLru<DecodedFrameWithAttributes>;
}

function attributeBytes(decoded: DecodedFrameWithAttributes): number {
  const { attributes } = decoded;
  let bytes = 512;
  for (const lut of [attributes.modalityLut, ...attributes.voiLuts]) bytes += lut?.data.byteLength ?? 0;
  const palette = attributes.palette;
  if (palette !== undefined)
    bytes += palette.red.data.byteLength + palette.green.data.byteLength + palette.blue.data.byteLength;
  return bytes;
}

type PixelConstructor = new (buffer: SharedArrayBuffer) => PixelArray;

function shared(pixels: PixelArray): PixelArray {
  if (pixels.buffer instanceof SharedArrayBuffer) return pixels;
  const buffer = new SharedArrayBuffer(pixels.byteLength);
  const copy = new (pixels.constructor as PixelConstructor)(buffer);
  copy.set(pixels as never);
  return copy;
}

export function createDecodedFrameCache(maxBytes: number): DecodedFrameCache {
  const lru = createByteLru<DecodedFrameWithAttributes>(
    maxBytes,
    (decoded) => decoded.frame.pixels.byteLength + attributeBytes(decoded),
  );
  return {
    lru,
    get: (key) => lru.get(key),
    set(key, decoded) {
      if (decoded.frame.pixels.byteLength + attributeBytes(decoded) > maxBytes) return decoded;
      const kept = { ...decoded, frame: { ...decoded.frame, pixels: shared(decoded.frame.pixels) } };
      lru.set(key, kept);
      return kept;
    },
    deleteByPrefix: (prefix) => lru.deleteByPrefix(prefix),
  };
}
