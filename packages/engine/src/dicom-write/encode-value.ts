import { Errors } from '../errors/engine-error.js';
import { type DicomElement, isBinary, isEncapsulated, tagText, type Vr } from './dicom-element.js';
import { isValidUid } from './uid.js';

/** Longest value (per value, in characters) for the text VRs that have a limit (PS3.5 table 6.2-1). */
const maxLength: Partial<Record<Vr, number>> = {
  AE: 16,
  AS: 4,
  CS: 16,
  DA: 8,
  DS: 16,
  DT: 26,
  IS: 12,
  LO: 64,
  LT: 10240,
  PN: 64 * 3 + 2,
  SH: 16,
  ST: 1024,
  TM: 14,
  UI: 64,
};
const textVrs = new Set<Vr>(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM']);
const longTextVrs = new Set<Vr>(['UC', 'UI', 'UR', 'UT']);
const numberWidth: Partial<Record<Vr, number>> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4, SV: 8, UV: 8 };

export const isTextVr = (vr: Vr): boolean => textVrs.has(vr) || longTextVrs.has(vr);

const invalid = (element: DicomElement, reason: string) =>
  Errors.invalidElement(`${tagText(element.tag)} ${element.vr}: ${reason}`);

/** A Decimal String of at most 16 characters for a finite number. */
export function formatDecimal(value: number): string {
  if (!Number.isFinite(value)) throw Errors.invalidElement(`DS cannot hold ${value}`);
  const plain = String(value);
  if (plain.length <= 16 && !plain.includes('e')) return plain;
  for (let digits = 15; digits > 0; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
  }
  throw Errors.invalidElement(`DS cannot hold ${value} in 16 characters`);
}

function textOf(element: DicomElement): string {
  const { value, vr } = element;
  const values = typeof value === 'string' || typeof value === 'number' ? [value] : (value as readonly unknown[]);
  const texts = values.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v !== 'number') throw invalid(element, 'text VRs take strings (DS and IS also numbers)');
    if (vr === 'IS' && Number.isSafeInteger(v)) return String(v);
    if (vr === 'DS') return formatDecimal(v);
    throw invalid(element, `${v} is not a valid ${vr}`);
  });
  const limit = maxLength[vr];
  for (const text of texts) {
    if (limit !== undefined && text.length > limit) throw invalid(element, `value longer than ${limit} characters`);
    if (vr === 'UI' && !isValidUid(text)) throw invalid(element, 'malformed UID');
    if (text.includes('\\') && vr !== 'LT' && vr !== 'ST' && vr !== 'UT') throw invalid(element, 'a value holds "\\"');
  }
  return texts.join('\\');
}

const integerRange: Partial<Record<Vr, readonly [number, number]>> = {
  US: [0, 0xffff],
  SS: [-0x8000, 0x7fff],
  UL: [0, 0xffffffff],
  SL: [-0x80000000, 0x7fffffff],
  AT: [0, 0xffffffff],
  UV: [0, Number.MAX_SAFE_INTEGER],
};

function inRange(vr: Vr, value: number): boolean {
  const range = integerRange[vr];
  return range === undefined || (value >= range[0] && value <= range[1]);
}

function numbersOf(element: DicomElement, width: number): Uint8Array {
  const { value, vr } = element;
  const values = typeof value === 'number' ? [value] : (value as readonly unknown[]);
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    if (typeof v !== 'number' || Number.isNaN(v)) throw invalid(element, 'binary VRs take numbers');
    const at = i * width;
    if (vr === 'FL') view.setFloat32(at, v, true);
    else if (vr === 'FD') view.setFloat64(at, v, true);
    else if (!Number.isSafeInteger(v)) throw invalid(element, `${v} is not an integer`);
    else if (!inRange(vr, v)) throw invalid(element, `${v} is out of range`);
    else if (vr === 'AT') {
      view.setUint16(at, v >>> 16, true);
      view.setUint16(at + 2, v & 0xffff, true);
    } else if (vr === 'US') view.setUint16(at, v, true);
    else if (vr === 'SS') view.setInt16(at, v, true);
    else if (vr === 'UL') view.setUint32(at, v, true);
    else if (vr === 'SL') view.setInt32(at, v, true);
    else if (vr === 'SV') view.setBigInt64(at, BigInt(v), true);
    else view.setBigUint64(at, BigInt(v), true);
  });
  return bytes;
}

/** Pad to an even length: NUL for UI and binary VRs, space for text (PS3.5 6.2). */
function padded(bytes: Uint8Array, vr: Vr): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = isTextVr(vr) && vr !== 'UI' ? 0x20 : 0;
  return out;
}

/** The value bytes of a non-sequence, non-encapsulated element, padded to an even length. */
export function encodeValue(element: DicomElement): Uint8Array {
  const { value, vr } = element;
  if (isEncapsulated(value)) throw invalid(element, 'only Pixel Data may be encapsulated');
  if (isTextVr(vr)) return padded(new Uint8Array(Buffer.from(textOf(element), 'utf8')), vr);
  const width = numberWidth[vr];
  if (width !== undefined) return numbersOf(element, width);
  if (!isBinary(value)) throw invalid(element, 'this VR takes bytes (a typed array)');
  return padded(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), vr);
}
