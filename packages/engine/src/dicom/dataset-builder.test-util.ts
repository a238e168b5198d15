/** Builds small DICOM byte streams for tests (explicit VR little endian unless told otherwise). */
export interface TestElement {
  group: number;
  element: number;
  vr: string;
  value: Uint8Array | string;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'SQ', 'UC', 'UN', 'UR', 'UT']);

export const text = (group: number, element: number, vr: string, value: string): TestElement => ({
  group,
  element,
  vr,
  value,
});

export function us(group: number, element: number, ...values: number[]): TestElement {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  for (const [i, v] of values.entries()) view.setUint16(i * 2, v, true);
  return { group, element, vr: 'US', value: bytes };
}

function encodeValue(value: Uint8Array | string, vr: string): Uint8Array {
  let bytes = typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'latin1')) : value;
  if (bytes.length % 2 === 1) {
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    padded[bytes.length] = vr === 'UI' || vr === 'OB' ? 0 : 0x20;
    bytes = padded;
  }
  return bytes;
}

export function encodeElement(e: TestElement, explicit = true): Uint8Array {
  const value = encodeValue(e.value, e.vr);
  const long = LONG_VRS.has(e.vr);
  const header = new Uint8Array(explicit ? (long ? 12 : 8) : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, e.group, true);
  view.setUint16(2, e.element, true);
  if (!explicit) view.setUint32(4, value.length, true);
  else {
    header[4] = e.vr.charCodeAt(0);
    header[5] = e.vr.charCodeAt(1);
    if (long) view.setUint32(8, value.length, true);
    else view.setUint16(6, value.length, true);
  }
  return concat([header, value]);
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

/** A Part 10 file: preamble, DICM, file meta (explicit LE), then the data set elements. */
export function part10(transferSyntaxUid: string, elements: TestElement[], explicit = true): Uint8Array {
  const metaElements = [text(0x0002, 0x0010, 'UI', transferSyntaxUid)].map((e) => encodeElement(e));
  const metaLength = metaElements.reduce((n, e) => n + e.length, 0);
  const groupLength = new Uint8Array(12);
  const view = new DataView(groupLength.buffer);
  view.setUint16(0, 2, true);
  view.setUint16(2, 0, true);
  groupLength[4] = 0x55; // U
  groupLength[5] = 0x4c; // L
  view.setUint16(6, 4, true);
  view.setUint32(8, metaLength, true);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, groupLength, ...metaElements, ...elements.map((e) => encodeElement(e, explicit))]);
}

/** Encapsulated Pixel Data: (7FE0,0010) OB undefined length, offset table item, fragments, delimiter. */
export function encapsulatedPixelData(fragments: Uint8Array[], offsetTable: number[] = []): Uint8Array {
  const item = (bytes: Uint8Array) => {
    const header = new Uint8Array(8);
    const view = new DataView(header.buffer);
    view.setUint16(0, 0xfffe, true);
    view.setUint16(2, 0xe000, true);
    view.setUint32(4, bytes.length, true);
    return concat([header, bytes]);
  };
  const table = new Uint8Array(offsetTable.length * 4);
  const tableView = new DataView(table.buffer);
  for (const [i, o] of offsetTable.entries()) tableView.setUint32(i * 4, o, true);
  const header = new Uint8Array(12);
  const view = new DataView(header.buffer);
  view.setUint16(0, 0x7fe0, true);
  view.setUint16(2, 0x0010, true);
  header[4] = 0x4f; // O
  header[5] = 0x42; // B
  view.setUint32(8, 0xffffffff, true);
  const end = new Uint8Array(8);
  new DataView(end.buffer).setUint16(0, 0xfffe, true);
  new DataView(end.buffer).setUint16(2, 0xe0dd, true);
  return concat([header, item(table), ...fragments.map((f) => item(encodeValue(f, 'OB'))), end]);
}

/** The minimal Image Pixel module for a monochrome image. */
export function imagePixelModule(rows: number, columns: number, bitsAllocated: number, frames = 1): TestElement[] {
  return [
    us(0x0028, 0x0002, 1),
    text(0x0028, 0x0004, 'CS', 'MONOCHROME2'),
    text(0x0028, 0x0008, 'IS', String(frames)),
    us(0x0028, 0x0010, rows),
    us(0x0028, 0x0011, columns),
    us(0x0028, 0x0100, bitsAllocated),
    us(0x0028, 0x0101, bitsAllocated),
    us(0x0028, 0x0102, bitsAllocated - 1),
    us(0x0028, 0x0103, 0),
  ];
}
