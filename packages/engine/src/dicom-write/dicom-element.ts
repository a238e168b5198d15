/** Value representations the writer knows (PS3.5 6.2). */
export type Vr =
  | 'AE'
  | 'AS'
  | 'AT'
  | 'CS'
  | 'DA'
  | 'DS'
  | 'DT'
  | 'FD'
  | 'FL'
  | 'IS'
  | 'LO'
  | 'LT'
  | 'OB'
  | 'OD'
  | 'OF'
  | 'OL'
  | 'OV'
  | 'OW'
  | 'PN'
  | 'SH'
  | 'SL'
  | 'SQ'
  | 'SS'
  | 'ST'
  | 'SV'
  | 'TM'
  | 'UC'
  | 'UI'
  | 'UL'
  | 'UN'
  | 'UR'
  | 'US'
  | 'UT'
  | 'UV';

/** Encapsulated Pixel Data: one fragment a frame, written with a Basic Offset Table. */
export interface EncapsulatedFrames {
  encapsulated: readonly Uint8Array[];
}

/** Binary data for OB/OW/OL/OF/OD/OV/UN: the typed array's bytes (little-endian) as they are. */
export type BinaryValue =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/**
 * An element's value, by VR: text VRs take a string or strings (joined with `\`), DS/IS also
 * numbers; US/SS/UL/SL/FL/FD/SV/UV take numbers, AT takes tags as numbers (0xGGGGEEEE); O* and UN
 * take bytes; SQ takes items (each a list of elements); Pixel Data may be encapsulated frames.
 */
export type ElementValue =
  | string
  | readonly string[]
  | number
  | readonly number[]
  | BinaryValue
  | readonly (readonly DicomElement[])[]
  | EncapsulatedFrames;

export interface DicomElement {
  /** (group << 16) | element, e.g. 0x00100010 for Patient's Name. */
  tag: number;
  vr: Vr;
  value: ElementValue;
}

export function isEncapsulated(value: ElementValue): value is EncapsulatedFrames {
  return typeof value === 'object' && 'encapsulated' in value;
}

export function isBinary(value: ElementValue): value is BinaryValue {
  return ArrayBuffer.isView(value);
}

/** "(GGGG,EEEE)" for messages. */
export function tagText(tag: number): string {
  const hex = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}
