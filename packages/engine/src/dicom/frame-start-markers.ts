import type { CodecFamily } from './transfer-syntax.js';

const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];

const startsWith = (bytes: Uint8Array, at: number, length: number, marker: readonly number[]) =>
  length >= marker.length && marker.every((b, i) => bytes[at + i] === b);

/** RLE (PS3.5 G.5): a 64-byte header of a segment count (1–15) and offsets, the first one 64. */
function isRleHeader(bytes: Uint8Array, at: number, length: number): boolean {
  if (length < 64) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 64);
  const segments = view.getUint32(0, true);
  if (segments < 1 || segments > 15 || view.getUint32(4, true) !== 64) return false;
  for (let i = 2; i <= segments; i++) {
    if (view.getUint32(i * 4, true) <= view.getUint32((i - 1) * 4, true)) return false;
  }
  return true;
}

/**
 * Whether a fragment (its value at `at`, `length` bytes) starts a codec bit stream: JPEG and
 * JPEG-LS SOI (FFD8 FF), JPEG 2000 / HTJ2K SOC+SIZ (FF4F FF51) or a JP2 signature box, an RLE header.
 */
export function startsFrame(bytes: Uint8Array, at: number, length: number, family: CodecFamily): boolean {
  switch (family) {
    case 'rle':
      return isRleHeader(bytes, at, length);
    case 'jpeg2000':
    case 'htj2k':
      return startsWith(bytes, at, length, [0xff, 0x4f, 0xff, 0x51]) || startsWith(bytes, at, length, JP2_SIGNATURE);
    case 'jpeg-baseline':
    case 'jpeg-extended':
    case 'jpeg-lossless':
    case 'jpeg-ls':
      return startsWith(bytes, at, length, [0xff, 0xd8, 0xff]);
    case 'native':
      return false;
  }
}
