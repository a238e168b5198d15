import { Errors } from '../errors/engine-error.js';
import { type DicomElement, type EncapsulatedFrames, isEncapsulated, tagText, type Vr } from './dicom-element.js';
import { encodeValue } from './encode-value.js';

/** VRs with a 2-byte reserved field and a 4-byte length in explicit VR (PS3.5 7.1.2). */
const longVrs = new Set<Vr>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);
const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 0xe000;
const SEQUENCE_DELIMITER = 0xe0dd;

/** Byte chunks, concatenated once at the end. */
export class ByteChunks {
  readonly parts: Uint8Array[] = [];
  length = 0;
  push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

function header(tag: number, vr: Vr | undefined, length: number): Uint8Array {
  const long = vr === undefined || longVrs.has(vr);
  const bytes = new Uint8Array(vr === undefined ? 8 : long ? 12 : 8);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  if (vr === undefined)
    view.setUint32(4, length, true); // item tags carry no VR
  else {
    bytes[4] = vr.charCodeAt(0);
    bytes[5] = vr.charCodeAt(1);
    if (long) view.setUint32(8, length, true);
    else if (length > 0xffff) throw Errors.invalidElement(`${tagText(tag)} ${vr}: value longer than 65534 bytes`);
    else view.setUint16(6, length, true);
  }
  return bytes;
}

const itemHeader = (code: number, length: number) => header((0xfffe << 16) | code, undefined, length);

/**
 * Encapsulated Pixel Data (PS3.5 A.4): a Basic Offset Table item with each frame's offset, one
 * even-length fragment a frame, then the Sequence Delimitation Item.
 */
function encodeEncapsulated(element: DicomElement, frames: EncapsulatedFrames, out: ByteChunks): void {
  if (element.tag !== 0x7fe00010) throw Errors.invalidElement(`${tagText(element.tag)} cannot be encapsulated`);
  if (frames.encapsulated.length === 0) throw Errors.invalidElement('encapsulated Pixel Data needs a frame');
  const table = new Uint8Array(frames.encapsulated.length * 4);
  const view = new DataView(table.buffer);
  let offset = 0;
  frames.encapsulated.forEach((fragment, i) => {
    if (offset > 0xffffffff) throw Errors.invalidElement('encapsulated Pixel Data past 4 GiB');
    view.setUint32(i * 4, offset, true);
    offset += 8 + fragment.length + (fragment.length % 2);
  });
  out.push(header(element.tag, 'OB', UNDEFINED_LENGTH));
  out.push(itemHeader(ITEM, table.length));
  out.push(table);
  for (const fragment of frames.encapsulated) {
    const even = fragment.length + (fragment.length % 2);
    out.push(itemHeader(ITEM, even));
    out.push(fragment);
    if (even !== fragment.length) out.push(new Uint8Array(1));
  }
  out.push(itemHeader(SEQUENCE_DELIMITER, 0));
}

function encodeSequence(element: DicomElement, out: ByteChunks): void {
  const items = element.value as readonly (readonly DicomElement[])[];
  if (!Array.isArray(items) || !items.every((item) => Array.isArray(item))) {
    throw Errors.invalidElement(`${tagText(element.tag)} SQ: the value must be a list of items`);
  }
  const encoded = items.map((item) => {
    const body = new ByteChunks();
    encodeElements(item, body);
    return body;
  });
  const length = encoded.reduce((sum, body) => sum + 8 + body.length, 0);
  out.push(header(element.tag, 'SQ', length));
  for (const body of encoded) {
    out.push(itemHeader(ITEM, body.length));
    for (const part of body.parts) out.push(part);
  }
}

/** Explicit VR Little Endian elements in ascending tag order (defined-length sequences). */
export function encodeElements(elements: readonly DicomElement[], out: ByteChunks): void {
  const sorted = [...elements].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0));
  sorted.forEach((element, i) => {
    if (i > 0 && sorted[i - 1]?.tag === element.tag) throw Errors.invalidElement(`${tagText(element.tag)} twice`);
    if (isEncapsulated(element.value)) encodeEncapsulated(element, element.value, out);
    else if (element.vr === 'SQ') encodeSequence(element, out);
    else {
      const value = encodeValue(element);
      out.push(header(element.tag, element.vr, value.length));
      out.push(value);
    }
  });
}
