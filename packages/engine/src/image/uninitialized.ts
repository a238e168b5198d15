import type { PixelArray } from './decoded-frame.js';

/**
 * A fresh byte array whose contents are NOT zeroed, for outputs the caller overwrites in full.
 * A zeroed allocation of a frame-sized buffer comes as new pages from the system (calloc/mmap),
 * and touching them costs page faults: ~0.5 ms for 512 KiB and ~1.3 ms for 2 MiB measured here,
 * 100× the copy itself. The array owns its whole buffer (offset 0), so it can be transferred.
 */
export function uninitializedBytes(length: number): Uint8Array<ArrayBuffer> {
  const buffer = Buffer.allocUnsafeSlow(length);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

/** `createPixelArray` without zeroing: every sample must be written before it is read. */
export function uninitializedPixelArray(bitsAllocated: number, signed: boolean, length: number): PixelArray {
  const width = bitsAllocated <= 8 ? 1 : bitsAllocated <= 16 ? 2 : 4;
  const { buffer } = uninitializedBytes(length * width);
  if (width === 1) return signed ? new Int8Array(buffer) : new Uint8Array(buffer);
  if (width === 2) return signed ? new Int16Array(buffer) : new Uint16Array(buffer);
  return signed ? new Int32Array(buffer) : new Uint32Array(buffer);
}
