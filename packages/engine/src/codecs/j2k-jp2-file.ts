import { Errors } from '../errors/engine-error.js';

const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];

function boxType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

/**
 * Some writers put a whole JP2 file (ISO/IEC 15444-1 Annex I) in the pixel data instead of a bare
 * codestream. Return the contents of its contiguous codestream box (`jp2c`); a bare codestream is
 * returned as it is. Throws CORRUPT_PIXEL_DATA when a JP2 file has no readable `jp2c` box.
 */
export function unwrapJp2(bytes: Uint8Array, uid: string): Uint8Array {
  if (bytes.length < JP2_SIGNATURE.length || JP2_SIGNATURE.some((value, i) => bytes[i] !== value)) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 8 <= bytes.length) {
    let length = view.getUint32(at);
    let header = 8;
    if (length === 1) {
      if (at + 16 > bytes.length) break;
      const large = view.getBigUint64(at + 8);
      length = large > BigInt(bytes.length) ? bytes.length + 1 : Number(large);
      header = 16;
    } else if (length === 0) {
      length = bytes.length - at; // the last box runs to the end of the file
    }
    if (length < header) break;
    if (boxType(bytes, at + 4) === 'jp2c') {
      if (at + length > bytes.length) throw Errors.corruptPixelData(uid, 'JP2 codestream box is truncated');
      return bytes.subarray(at + header, at + length);
    }
    at += length;
  }
  throw Errors.corruptPixelData(uid, 'JP2 file without a readable codestream box');
}
