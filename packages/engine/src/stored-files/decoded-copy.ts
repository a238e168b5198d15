import type { DecodedFrame, PixelArray } from '../image/decoded-frame.js';
import type { DecodedFrameWithAttributes } from '../tasks/frame-parts.js';

/**
 * A decoded frame kept beside a stored file (a server's "decoded copy" of a JPEG 2000 frame, or a
 * frame's reduced thumbnail render source): "LDF1", uint32 LE header length, a JSON header (the
 * SHA-256 of the file it came from, frame info, rendering attributes with LUTs as number arrays,
 * pixel array type, and for a reduced copy the box it was made for), padding to 8 bytes, then the
 * pixels in host (little-endian) order. Readers check the SHA-256 and the box, so a copy of another
 * version of the file, or made for another box, is never used.
 */
const MAGIC = [0x4c, 0x44, 0x46, 0x31];

export interface CopyBox {
  width: number;
  height: number;
}

/** What a reader expects the copy to be: of this file content, made for this box (full copies: none). */
export interface CopyExpectation {
  sha256: string;
  within?: CopyBox | undefined;
}

const ARRAYS = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
} as const;
type ArrayName = keyof typeof ARRAYS;

function withoutTypedArrays(_key: string, value: unknown): unknown {
  return value instanceof Uint16Array ? { u16: Array.from(value) } : value;
}

function withTypedArrays(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'u16' in value && Array.isArray(value.u16)) {
    return Uint16Array.from(value.u16 as number[]);
  }
  return value;
}

export function encodeDecodedCopy(decoded: DecodedFrameWithAttributes, expectation: CopyExpectation): Uint8Array {
  const { pixels, ...frame } = decoded.frame;
  const header = new TextEncoder().encode(
    JSON.stringify(
      {
        sha256: expectation.sha256,
        frame,
        attributes: decoded.attributes,
        array: pixels.constructor.name,
        within: expectation.within,
      },
      withoutTypedArrays,
    ),
  );
  const pixelStart = Math.ceil((8 + header.length) / 8) * 8;
  const out = new Uint8Array(pixelStart + pixels.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  out.set(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength), pixelStart);
  return out;
}

/**
 * The frame in a copy, or undefined when the bytes are not a copy matching `expectation` (the caller
 * then decodes the original). `memory`: 'shared' copies the pixels into a SharedArrayBuffer (for a
 * cache whose frames workers read without a copy); 'view' uses the bytes in place where aligned
 * (valid as long as `bytes` is).
 */
export function decodeDecodedCopy(
  bytes: Uint8Array,
  expectation: CopyExpectation,
  memory: 'shared' | 'view',
): DecodedFrameWithAttributes | undefined {
  if (bytes.length < 8 || !MAGIC.every((value, i) => bytes[i] === value)) return undefined;
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + headerLength > bytes.length) return undefined;
  let header: {
    sha256: string;
    frame: Omit<DecodedFrame, 'pixels'>;
    attributes: DecodedFrameWithAttributes['attributes'];
    array: ArrayName;
    within?: CopyBox;
  };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)), withTypedArrays);
  } catch {
    return undefined;
  }
  const PixelType = Object.hasOwn(ARRAYS, header.array) ? ARRAYS[header.array] : undefined;
  if (PixelType === undefined || header.sha256 !== expectation.sha256) return undefined;
  const { within } = expectation;
  if (header.within?.width !== within?.width || header.within?.height !== within?.height) return undefined;
  const pixelStart = Math.ceil((8 + headerLength) / 8) * 8;
  const byteLength = bytes.length - pixelStart;
  if (byteLength < 0 || byteLength % PixelType.BYTES_PER_ELEMENT !== 0) return undefined;
  const { rows, columns, samplesPerPixel } = header.frame.info;
  if (rows * columns * samplesPerPixel * PixelType.BYTES_PER_ELEMENT !== byteLength) return undefined;
  let pixels: PixelArray;
  const at = bytes.byteOffset + pixelStart;
  if (memory === 'view' && at % PixelType.BYTES_PER_ELEMENT === 0) {
    pixels = new PixelType(bytes.buffer as ArrayBuffer, at, byteLength / PixelType.BYTES_PER_ELEMENT);
  } else {
    const buffer = memory === 'shared' ? new SharedArrayBuffer(byteLength) : new ArrayBuffer(byteLength);
    pixels = new PixelType(buffer as ArrayBuffer);
    new Uint8Array(pixels.buffer).set(bytes.subarray(pixelStart));
  }
  return { frame: { ...header.frame, pixels }, attributes: header.attributes };
}
