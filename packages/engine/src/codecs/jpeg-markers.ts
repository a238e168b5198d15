import { Errors } from '../errors/engine-error.js';

export interface JpegComponent {
  id: number;
  horizontalSampling: number;
  verticalSampling: number;
}

/** What a JPEG stream's markers say about it (ITU-T T.81 annex B), read without decoding. */
export interface JpegHeader {
  /** The start-of-frame marker's low nibble: 0 baseline, 1 extended, 2 progressive, 3 lossless, 9+ arithmetic. */
  process: number;
  precision: number;
  /** From the frame header, or from a DNL marker when the frame header says 0. */
  rows: number;
  columns: number;
  components: JpegComponent[];
  /** A JFIF APP0 segment is present (which implies YCbCr for three components). */
  jfif: boolean;
  /** The Adobe APP14 colour transform (0 none/RGB, 1 YCbCr, 2 YCCK), when the segment is present. */
  adobeTransform?: number;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const DNL = 0xdc;

function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Position of the first marker after entropy-coded data from `at` (skipping stuffed FF 00 and RSTn), or -1. */
function endOfEntropyData(bytes: Uint8Array, at: number): number {
  let position = bytes.indexOf(0xff, at);
  while (position !== -1 && position + 1 < bytes.length) {
    const next = bytes[position + 1] as number;
    if (next !== 0x00 && next !== 0xff && (next < 0xd0 || next > 0xd7)) return position;
    position = bytes.indexOf(0xff, position + 1);
  }
  return -1;
}

function readFrameHeader(bytes: Uint8Array, at: number, length: number, marker: number, fail: (r: string) => Error) {
  const count = bytes[at + 9] as number;
  if (length !== 8 + 3 * count || count === 0) throw fail('malformed JPEG frame header');
  const components: JpegComponent[] = [];
  for (let c = 0; c < count; c++) {
    const sampling = bytes[at + 11 + c * 3] as number;
    components.push({
      id: bytes[at + 10 + c * 3] as number,
      horizontalSampling: sampling >> 4,
      verticalSampling: sampling & 15,
    });
  }
  return {
    process: marker & 0x0f,
    precision: bytes[at + 4] as number,
    rows: ((bytes[at + 5] as number) << 8) | (bytes[at + 6] as number),
    columns: ((bytes[at + 7] as number) << 8) | (bytes[at + 8] as number),
    components,
  };
}

/**
 * Walk a JPEG stream's markers from SOI to EOI: the frame header, JFIF / Adobe segments, and every
 * scan's entropy-coded data. A stream without SOI, frame header or scan, or one that ends before its
 * EOI marker (truncated), is CORRUPT_PIXEL_DATA. Bytes after EOI (fragment padding) are ignored.
 */
export function readJpegHeader(bytes: Uint8Array, transferSyntaxUid: string): JpegHeader {
  const fail = (reason: string) => Errors.corruptPixelData(transferSyntaxUid, reason);
  if (bytes[0] !== 0xff || bytes[1] !== SOI) throw fail('the JPEG stream does not start with an SOI marker');
  let frame: Omit<JpegHeader, 'jfif' | 'adobeTransform'> | undefined;
  let jfif = false;
  let adobeTransform: number | undefined;
  let scans = 0;
  let at = 2;
  for (;;) {
    at = bytes.indexOf(0xff, at);
    while (at !== -1 && bytes[at + 1] === 0xff) at++; // fill bytes
    if (at === -1 || at + 1 >= bytes.length) throw fail('the JPEG stream ends before its EOI marker (truncated)');
    const marker = bytes[at + 1] as number;
    if (marker === EOI) break;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) throw fail('the JPEG stream ends inside a marker segment (truncated)');
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    if (length < 2 || at + 2 + length > bytes.length) throw fail('a JPEG marker segment runs past the end (truncated)');
    if (isStartOfFrame(marker)) {
      if (frame !== undefined) throw fail('the JPEG stream has two frame headers');
      frame = readFrameHeader(bytes, at, length, marker, fail);
    } else if (marker === 0xe0 && startsWith(bytes, at + 4, 'JFIF\0')) {
      jfif = true;
    } else if (marker === 0xee && length >= 12 && startsWith(bytes, at + 4, 'Adobe')) {
      adobeTransform = bytes[at + 15] as number;
    } else if (marker === DNL && frame !== undefined && length === 4) {
      frame.rows = ((bytes[at + 4] as number) << 8) | (bytes[at + 5] as number);
    }
    at += 2 + length;
    if (marker === SOS) {
      if (frame === undefined) throw fail('a JPEG scan comes before the frame header');
      scans++;
      at = endOfEntropyData(bytes, at);
      if (at === -1) throw fail('the JPEG stream ends inside its entropy-coded data (truncated)');
    }
  }
  if (frame === undefined || scans === 0) throw fail('the JPEG stream has no frame header or no scan');
  return { ...frame, jfif, ...(adobeTransform === undefined ? {} : { adobeTransform }) };
}
