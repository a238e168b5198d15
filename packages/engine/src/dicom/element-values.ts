/// <reference path="./dicom-character-set.d.ts" />
import { convertBytes } from 'dicom-character-set';
import type dicomParser from 'dicom-parser';

/** Typed readers over one dicom-parser data set (top level or a sequence item). */
export interface ElementReader {
  has(tag: string): boolean;
  /** Decoded with the Specific Character Set for text VRs; trailing spaces/NULs trimmed. */
  text(tag: string, vr?: string): string | undefined;
  /** Multi-valued strings split on backslash. */
  texts(tag: string): string[] | undefined;
  /** DS / IS values, or binary US/SS/FL/FD. */
  number(tag: string): number | undefined;
  numbers(tag: string): number[] | undefined;
  uint16(tag: string, index?: number): number | undefined;
  items(tag: string): ElementReader[];
  /** Raw value bytes (no copy). */
  raw(tag: string): Uint8Array | undefined;
  littleEndian: boolean;
  dataSet: dicomParser.DataSet;
}

const TEXT_VRS = new Set(['PN', 'LO', 'SH', 'ST', 'LT', 'UT', 'UC']);

function trimValue(value: string): string {
  return value.replace(/[\0 ]+$/, '').replace(/^ +/, '');
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

export function createElementReader(
  dataSet: dicomParser.DataSet,
  characterSet: string | undefined,
  littleEndian: boolean,
): ElementReader {
  const bytes = dataSet.byteArray as Uint8Array;
  const element = (tag: string) => {
    const found = dataSet.elements[tag];
    if (found === undefined || found.length === undefined || found.length < 0) return undefined;
    if (found.dataOffset + found.length > bytes.length) return undefined;
    return found;
  };
  const raw = (tag: string): Uint8Array | undefined => {
    const found = element(tag);
    return found === undefined ? undefined : bytes.subarray(found.dataOffset, found.dataOffset + found.length);
  };
  const decodeText = (value: Uint8Array, vr: string | undefined): string => {
    if (vr !== undefined && TEXT_VRS.has(vr)) {
      try {
        return convertBytes(characterSet, value, { vr });
      } catch {
        return latin1(value);
      }
    }
    return latin1(value);
  };
  const reader: ElementReader = {
    has: (tag) => dataSet.elements[tag] !== undefined,
    text(tag, vr) {
      const found = element(tag);
      const value = raw(tag);
      if (found === undefined || value === undefined) return undefined;
      const text = trimValue(decodeText(value, vr ?? found.vr));
      return text === '' ? undefined : text;
    },
    texts(tag) {
      const text = reader.text(tag);
      return text === undefined ? undefined : text.split('\\').map(trimValue);
    },
    number(tag) {
      return reader.numbers(tag)?.[0];
    },
    numbers(tag) {
      const found = element(tag);
      if (found === undefined || found.length === 0) return undefined;
      const vr = found.vr;
      const view = new DataView(bytes.buffer, bytes.byteOffset + found.dataOffset, found.length);
      const binary = (size: number, read: (offset: number) => number) => {
        const values: number[] = [];
        for (let offset = 0; offset + size <= found.length; offset += size) values.push(read(offset));
        return values;
      };
      switch (vr) {
        case 'US':
          return binary(2, (o) => view.getUint16(o, littleEndian));
        case 'SS':
          return binary(2, (o) => view.getInt16(o, littleEndian));
        case 'UL':
          return binary(4, (o) => view.getUint32(o, littleEndian));
        case 'SL':
          return binary(4, (o) => view.getInt32(o, littleEndian));
        case 'FL':
          return binary(4, (o) => view.getFloat32(o, littleEndian));
        case 'FD':
          return binary(8, (o) => view.getFloat64(o, littleEndian));
        default: {
          const text = latin1(bytes.subarray(found.dataOffset, found.dataOffset + found.length));
          const values = text
            .split('\\')
            .map((part) => part.replace(/[\0 ]/g, ''))
            .filter((part) => part !== '')
            .map(Number);
          return values.every(Number.isFinite) && values.length > 0 ? values : undefined;
        }
      }
    },
    uint16(tag, index = 0) {
      const found = element(tag);
      if (found === undefined || found.length < (index + 1) * 2) return undefined;
      const view = new DataView(bytes.buffer, bytes.byteOffset + found.dataOffset, found.length);
      return view.getUint16(index * 2, littleEndian);
    },
    items(tag) {
      const found = dataSet.elements[tag];
      return (found?.items ?? []).flatMap((item) =>
        item.dataSet === undefined ? [] : [createElementReader(item.dataSet, characterSet, littleEndian)],
      );
    },
    raw,
    littleEndian,
    dataSet,
  };
  return reader;
}

/** Implicit VR data sets carry no VR: binary pixel-module attributes are US unless stated. */
export function usOrNumber(reader: ElementReader, tag: string): number | undefined {
  const found = reader.dataSet.elements[tag];
  if (found === undefined) return undefined;
  if (found.vr === undefined) return reader.uint16(tag);
  return reader.number(tag);
}
