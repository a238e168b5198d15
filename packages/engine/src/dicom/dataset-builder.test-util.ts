import { deflateRawSync } from 'node:zlib';
import { TransferSyntax } from './transfer-syntax.js';

/**
 * Test-only DICOM writer: builds Part 10 files or bare data sets from a list of elements, in
 * explicit or implicit VR, little or big endian, optionally deflated, with native or encapsulated
 * pixel data (Basic Offset Table, Extended Offset Table, or none). Elements are written in tag
 * order. Numbers are encoded for the VR and byte order at write time, so one element list can be
 * written in every transfer syntax.
 */

/** Encapsulated Pixel Data value: an offset table item, then one item a fragment, then a delimiter. */
export interface Encapsulated {
  kind: 'encapsulated';
  fragments: Uint8Array[];
  /** Basic Offset Table entries ('auto': one a fragment, computed), or none (empty item). */
  basicOffsetTable: number[] | 'auto';
  /** Leave out the Sequence Delimitation Item (a damaged file). */
  omitDelimiter?: boolean;
}

export type TestValue = string | Uint8Array | number[] | TestElement[][] | Encapsulated;

export interface TestElement {
  group: number;
  element: number;
  vr: string;
  /**
   * string: latin1 text; Uint8Array: raw bytes written as given; number[]: binary numbers for
   * US/SS/UL/SL/FL/FD/AT (AT as (group << 16 | element)), OB/OW/OL/OF/OD (bytes, words, …);
   * TestElement[][]: sequence items; Encapsulated: pixel data fragments.
   */
  value: TestValue;
  /** Write an undefined length (sequences: with item and sequence delimiters). */
  undefinedLength?: boolean;
  /** Write this length instead of the true one (damaged files). */
  lengthOverride?: number;
}

export interface EncodeOptions {
  explicit: boolean;
  littleEndian: boolean;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);
const UNDEFINED_LENGTH = 0xffffffff;

export const element = (group: number, elementNumber: number, vr: string, value: TestValue): TestElement => ({
  group,
  element: elementNumber,
  vr,
  value,
});
export const text = (group: number, elementNumber: number, vr: string, value: string): TestElement =>
  element(group, elementNumber, vr, value);
export const us = (group: number, elementNumber: number, ...values: number[]): TestElement =>
  element(group, elementNumber, 'US', values);
export const ss = (group: number, elementNumber: number, ...values: number[]): TestElement =>
  element(group, elementNumber, 'SS', values);
export const sequence = (group: number, elementNumber: number, items: TestElement[][], undefinedLength = false) => ({
  ...element(group, elementNumber, 'SQ', items),
  undefinedLength,
});
export const utf8 = (group: number, elementNumber: number, vr: string, value: string): TestElement =>
  element(group, elementNumber, vr, new Uint8Array(Buffer.from(value, 'utf8')));

/** Native Pixel Data: OB bytes, or OW words (written in the data set's byte order). */
export const pixelData = (values: Uint8Array | number[], vr: 'OB' | 'OW' = 'OW'): TestElement =>
  element(0x7fe0, 0x0010, vr, values);

export function encapsulatedPixelData(
  fragments: Uint8Array[],
  basicOffsetTable: number[] | 'auto' = [],
  omitDelimiter = false,
): TestElement {
  return element(0x7fe0, 0x0010, 'OB', { kind: 'encapsulated', fragments, basicOffsetTable, omitDelimiter });
}

/** Extended Offset Table (7FE0,0001) and its lengths (7FE0,0002), offsets as for a Basic Offset Table. */
export function extendedOffsetTable(offsets: number[], lengths: number[]): TestElement[] {
  const table = (values: number[]) => {
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    for (const [i, v] of values.entries()) view.setBigUint64(i * 8, BigInt(v), true);
    return bytes;
  };
  return [element(0x7fe0, 0x0001, 'OV', table(offsets)), element(0x7fe0, 0x0002, 'OV', table(lengths))];
}

/** Offsets of each fragment's item header relative to the first, as a Basic Offset Table holds them. */
export function fragmentOffsets(fragments: Uint8Array[]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const fragment of fragments) {
    offsets.push(at);
    at += 8 + fragment.length + (fragment.length % 2);
  }
  return offsets;
}

export interface ImagePixelOptions {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored?: number;
  frames?: number;
  samplesPerPixel?: number;
  photometricInterpretation?: string;
  pixelRepresentation?: 0 | 1;
  planarConfiguration?: 0 | 1;
}

/** The Image Pixel module (Number of Frames included only when `frames` is given). */
export function imagePixelModule(options: ImagePixelOptions): TestElement[] {
  const samples = options.samplesPerPixel ?? 1;
  const bitsStored = options.bitsStored ?? options.bitsAllocated;
  return [
    us(0x0028, 0x0002, samples),
    text(0x0028, 0x0004, 'CS', options.photometricInterpretation ?? (samples === 3 ? 'RGB' : 'MONOCHROME2')),
    ...(samples > 1 ? [us(0x0028, 0x0006, options.planarConfiguration ?? 0)] : []),
    ...(options.frames === undefined ? [] : [text(0x0028, 0x0008, 'IS', String(options.frames))]),
    us(0x0028, 0x0010, options.rows),
    us(0x0028, 0x0011, options.columns),
    us(0x0028, 0x0100, options.bitsAllocated),
    us(0x0028, 0x0101, bitsStored),
    us(0x0028, 0x0102, bitsStored - 1),
    us(0x0028, 0x0103, options.pixelRepresentation ?? 0),
  ];
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function padded(bytes: Uint8Array, vr: string): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = vr === 'UI' || vr === 'OB' || vr === 'UN' ? 0 : 0x20;
  return out;
}

const NUMBER_WIDTH: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4 };
const OTHER_WIDTH: Record<string, number> = { OB: 1, UN: 1, OW: 2, OL: 4, OF: 4, OD: 8, OV: 8 };

function encodeNumbers(values: number[], vr: string, littleEndian: boolean): Uint8Array {
  const width = NUMBER_WIDTH[vr] ?? OTHER_WIDTH[vr] ?? 2;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  for (const [i, v] of values.entries()) {
    const at = i * width;
    if (vr === 'FL' || vr === 'OF') view.setFloat32(at, v, littleEndian);
    else if (vr === 'FD' || vr === 'OD') view.setFloat64(at, v, littleEndian);
    else if (vr === 'AT') {
      view.setUint16(at, v >>> 16, littleEndian);
      view.setUint16(at + 2, v & 0xffff, littleEndian);
    } else if (width === 1) view.setUint8(at, v & 0xff);
    else if (width === 2) view.setUint16(at, v & 0xffff, littleEndian);
    else if (width === 4) view.setUint32(at, v >>> 0, littleEndian);
    else view.setBigUint64(at, BigInt(v), littleEndian);
  }
  return bytes;
}

function header(group: number, elementNumber: number, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(4);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, group, littleEndian);
  view.setUint16(2, elementNumber, littleEndian);
  return bytes;
}

function item(bytes: Uint8Array, options: EncodeOptions, tag = 0xe000): Uint8Array {
  const head = new Uint8Array(8);
  const view = new DataView(head.buffer);
  view.setUint16(0, 0xfffe, options.littleEndian);
  view.setUint16(2, tag, options.littleEndian);
  view.setUint32(4, bytes.length, options.littleEndian);
  return concat([head, bytes]);
}

function encodeItems(items: TestElement[][], undefinedLength: boolean, options: EncodeOptions): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const elements of items) {
    const body = encodeElements(elements, options);
    if (!undefinedLength) parts.push(item(body, options));
    else {
      const open = item(new Uint8Array(0), options);
      new DataView(open.buffer).setUint32(4, UNDEFINED_LENGTH, options.littleEndian);
      parts.push(open, body, item(new Uint8Array(0), options, 0xe00d));
    }
  }
  if (undefinedLength) parts.push(item(new Uint8Array(0), options, 0xe0dd));
  return concat(parts);
}

function encodeEncapsulated(value: Encapsulated, options: EncodeOptions): Uint8Array {
  const offsets = value.basicOffsetTable === 'auto' ? fragmentOffsets(value.fragments) : value.basicOffsetTable;
  const table = new Uint8Array(offsets.length * 4);
  const view = new DataView(table.buffer);
  for (const [i, offset] of offsets.entries()) view.setUint32(i * 4, offset, options.littleEndian);
  const parts = [item(table, options), ...value.fragments.map((f) => item(padded(f, 'OB'), options))];
  if (value.omitDelimiter !== true) parts.push(item(new Uint8Array(0), options, 0xe0dd));
  return concat(parts);
}

function encodeValue(e: TestElement, options: EncodeOptions): Uint8Array {
  const { value, vr } = e;
  if (typeof value === 'string') return padded(new Uint8Array(Buffer.from(value, 'latin1')), vr);
  if (value instanceof Uint8Array) return padded(value, vr);
  if ('kind' in value) return encodeEncapsulated(value, options);
  if (vr === 'SQ') return encodeItems(value as TestElement[][], e.undefinedLength === true, options);
  return padded(encodeNumbers(value as number[], vr, options.littleEndian), vr);
}

/** One data element: tag, VR (explicit) and length, then the value. */
export function encodeElement(e: TestElement, options: EncodeOptions): Uint8Array {
  const value = encodeValue(e, options);
  const undefinedLength = e.undefinedLength === true || (typeof e.value === 'object' && 'kind' in e.value);
  const length = e.lengthOverride ?? (undefinedLength ? UNDEFINED_LENGTH : value.length);
  const tag = header(e.group, e.element, options.littleEndian);
  const long = LONG_VRS.has(e.vr);
  const rest = new Uint8Array(!options.explicit ? 4 : long ? 8 : 4);
  const view = new DataView(rest.buffer);
  if (!options.explicit) view.setUint32(0, length, options.littleEndian);
  else {
    rest[0] = e.vr.charCodeAt(0);
    rest[1] = e.vr.charCodeAt(1);
    if (long) view.setUint32(4, length, options.littleEndian);
    else view.setUint16(2, length, options.littleEndian);
  }
  return concat([tag, rest, value]);
}

const byTag = (a: TestElement, b: TestElement) => a.group - b.group || a.element - b.element;

export function encodeElements(elements: TestElement[], options: EncodeOptions): Uint8Array {
  return concat([...elements].sort(byTag).map((e) => encodeElement(e, options)));
}

export interface BuildOptions {
  /** Default Explicit VR Little Endian. Sets the VR encoding and byte order unless overridden. */
  transferSyntaxUid?: string;
  /** File meta information (default true). False: a bare data set. */
  fileMeta?: boolean;
  /** The 128-byte preamble and DICM prefix before the file meta (default true). */
  preamble?: boolean;
  explicit?: boolean;
  littleEndian?: boolean;
  /** Extra file meta elements (group 0002). */
  meta?: TestElement[];
}

function fileMeta(transferSyntaxUid: string, extra: TestElement[]): Uint8Array {
  const le = { explicit: true, littleEndian: true };
  const body = encodeElements([text(0x0002, 0x0010, 'UI', transferSyntaxUid), ...extra], le);
  const groupLength = encodeElement(element(0x0002, 0x0000, 'UL', [body.length]), le);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, groupLength, body]);
}

/** A whole DICOM stream: Part 10 (default) or a bare data set, encoded for the transfer syntax. */
export function buildDicom(elements: TestElement[], options: BuildOptions = {}): Uint8Array {
  const uid = options.transferSyntaxUid ?? TransferSyntax.ExplicitVRLittleEndian;
  const encoding: EncodeOptions = {
    explicit: options.explicit ?? uid !== TransferSyntax.ImplicitVRLittleEndian,
    littleEndian: options.littleEndian ?? uid !== TransferSyntax.ExplicitVRBigEndian,
  };
  let dataset = encodeElements(elements, encoding);
  if (uid === TransferSyntax.DeflatedExplicitVRLittleEndian) dataset = new Uint8Array(deflateRawSync(dataset));
  if (options.fileMeta === false) return dataset;
  const meta = fileMeta(uid, options.meta ?? []);
  return concat([options.preamble === false ? meta.subarray(132) : meta, dataset]);
}

/** Shorthand: a Part 10 file in the given transfer syntax. */
export const part10 = (transferSyntaxUid: string, elements: TestElement[]): Uint8Array =>
  buildDicom(elements, { transferSyntaxUid });
