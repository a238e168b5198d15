/// <reference path="./dicom-character-set.d.ts" />
import { convertBytes } from 'dicom-character-set';
import type { DicomJsonPersonName, DicomJsonValue } from './dicom-json-model.js';

/** Text VRs whose value is one string (backslash is not a separator) and keeps leading spaces. */
const SINGLE_TEXT_VRS = new Set(['LT', 'ST', 'UT', 'UR']);
/** VRs whose bytes go through the Specific Character Set. */
const CHARSET_VRS = new Set(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);
const STRING_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DT', 'LO', 'SH', 'TM', 'UC', 'UI']);
const BINARY_NUMBER_SIZES: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, SV: 8, UV: 8 };

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function decodeText(bytes: Uint8Array, vr: string, characterSet: string | undefined): string {
  if (!CHARSET_VRS.has(vr)) return latin1(bytes);
  try {
    return convertBytes(characterSet, bytes, { vr });
  } catch {
    return latin1(bytes);
  }
}

const trimEnd = (value: string) => value.replace(/[\0 ]+$/, '');
const trim = (value: string) => trimEnd(value).replace(/^ +/, '');

function personName(value: string): DicomJsonPersonName | null {
  const [alphabetic, ideographic, phonetic] = value.split('=').map(trimEnd);
  const name: DicomJsonPersonName = {
    ...(alphabetic ? { Alphabetic: alphabetic } : {}),
    ...(ideographic ? { Ideographic: ideographic } : {}),
    ...(phonetic ? { Phonetic: phonetic } : {}),
  };
  return Object.keys(name).length === 0 ? null : name;
}

function decimal(value: string): number | null {
  const text = value.replace(/[\0 ]/g, '');
  if (text === '') return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

function binaryNumbers(bytes: Uint8Array, vr: string, littleEndian: boolean): DicomJsonValue[] {
  const size = BINARY_NUMBER_SIZES[vr] ?? 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: DicomJsonValue[] = [];
  for (let offset = 0; offset + size <= bytes.byteLength; offset += size) {
    switch (vr) {
      case 'US':
        values.push(view.getUint16(offset, littleEndian));
        break;
      case 'SS':
        values.push(view.getInt16(offset, littleEndian));
        break;
      case 'UL':
        values.push(view.getUint32(offset, littleEndian));
        break;
      case 'SL':
        values.push(view.getInt32(offset, littleEndian));
        break;
      case 'FL':
        values.push(finiteOrNull(view.getFloat32(offset, littleEndian)));
        break;
      case 'FD':
        values.push(finiteOrNull(view.getFloat64(offset, littleEndian)));
        break;
      default: {
        // SV / UV: a number while exact, else its decimal string (PS3.18 F.2.3.1).
        const big = vr === 'SV' ? view.getBigInt64(offset, littleEndian) : view.getBigUint64(offset, littleEndian);
        const small = Number(big);
        values.push(Number.isSafeInteger(small) ? small : big.toString());
      }
    }
  }
  return values;
}

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

function tags(bytes: Uint8Array, littleEndian: boolean): DicomJsonValue[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: DicomJsonValue[] = [];
  for (let offset = 0; offset + 4 <= bytes.byteLength; offset += 4) {
    const group = view.getUint16(offset, littleEndian);
    const element = view.getUint16(offset + 2, littleEndian);
    values.push(((group << 16) | element).toString(16).toUpperCase().padStart(8, '0'));
  }
  return values;
}

/**
 * The JSON values of a non-sequence, non-binary element (PS3.18 F.2.3): strings split on `\`,
 * numbers for IS/DS and binary numbers, PN as {Alphabetic, Ideographic, Phonetic}, AT as hex.
 * Undefined when the element has no value.
 */
export function jsonValuesOf(
  bytes: Uint8Array,
  vr: string,
  characterSet: string | undefined,
  littleEndian: boolean,
): DicomJsonValue[] | undefined {
  if (bytes.byteLength === 0) return undefined;
  if (vr in BINARY_NUMBER_SIZES) return binaryNumbers(bytes, vr, littleEndian);
  if (vr === 'AT') return tags(bytes, littleEndian);
  const text = decodeText(bytes, vr, characterSet);
  if (SINGLE_TEXT_VRS.has(vr)) {
    const value = trimEnd(text);
    return value === '' ? undefined : [value];
  }
  const parts = text.split('\\');
  let values: DicomJsonValue[];
  if (vr === 'PN') values = parts.map(personName);
  else if (vr === 'IS' || vr === 'DS') values = parts.map(decimal);
  else values = parts.map((part) => (trim(part) === '' ? null : trim(part)));
  if (!STRING_VRS.has(vr) && vr !== 'PN' && vr !== 'IS' && vr !== 'DS') {
    // An unexpected VR that reached here: keep it readable as strings.
    values = parts.map((part) => (trim(part) === '' ? null : trim(part)));
  }
  return values.every((value) => value === null) ? undefined : values;
}

/** Base64 of a binary value in little-endian byte order (PS3.18 F.2.7), swapping big-endian words. */
export function inlineBinaryOf(bytes: Uint8Array, vr: string, littleEndian: boolean): string {
  const word = vr === 'OW' ? 2 : vr === 'OF' || vr === 'OL' ? 4 : vr === 'OD' || vr === 'OV' ? 8 : 1;
  if (littleEndian || word === 1)
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const swapped = Buffer.from(bytes);
  for (let offset = 0; offset + word <= swapped.length; offset += word) {
    swapped.subarray(offset, offset + word).reverse();
  }
  return swapped.toString('base64');
}
