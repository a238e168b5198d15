import { Errors } from '../errors/engine-error.js';

/** One image component as the SIZ marker describes it. */
export interface J2kComponent {
  precision: number;
  signed: boolean;
  /** Horizontal and vertical subsampling (XRsiz, YRsiz). */
  dx: number;
  dy: number;
}

/** What the main header of a JPEG 2000 / HTJ2K codestream says (ISO/IEC 15444-1 Annex A). */
export interface J2kHeader {
  /** Image area on the reference grid: [x0, x1) × [y0, y1). */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  width: number;
  height: number;
  components: J2kComponent[];
  /** Fewest decomposition levels of any component (COD, overridden per component by COC). */
  decompositions: number;
  /** COD's multiple component transform (RCT or ICT) is on. */
  colourTransform: boolean;
  /** Rsiz flags Part 15 capabilities: the codestream uses HT code-blocks. */
  highThroughput: boolean;
}

const SOC = 0xff4f;
const SIZ = 0xff51;
const COD = 0xff52;
const COC = 0xff53;
const SOT = 0xff90;
const EOC = 0xffd9;

function fail(uid: string, reason: string): never {
  throw Errors.corruptPixelData(uid, reason);
}

function readSiz(view: DataView, at: number, length: number, uid: string) {
  if (length < 41) fail(uid, 'SIZ marker segment is too short');
  const rsiz = view.getUint16(at + 2);
  const x1 = view.getUint32(at + 4);
  const y1 = view.getUint32(at + 8);
  const x0 = view.getUint32(at + 12);
  const y0 = view.getUint32(at + 16);
  const count = view.getUint16(at + 36);
  if (count < 1 || length < 38 + 3 * count) fail(uid, 'SIZ declares more components than it describes');
  if (x1 <= x0 || y1 <= y0) fail(uid, 'SIZ declares an empty image');
  const components: J2kComponent[] = [];
  for (let c = 0; c < count; c++) {
    const ssiz = view.getUint8(at + 38 + 3 * c);
    const dx = view.getUint8(at + 39 + 3 * c);
    const dy = view.getUint8(at + 40 + 3 * c);
    const precision = (ssiz & 0x7f) + 1;
    if (precision > 38 || dx === 0 || dy === 0) fail(uid, `SIZ component ${c} is invalid`);
    components.push({ precision, signed: (ssiz & 0x80) !== 0, dx, dy });
  }
  return { x0, y0, x1, y1, components, highThroughput: (rsiz & 0x4000) !== 0 };
}

/**
 * Read the main header (SOC … first SOT) and check that every tile-part the codestream declares is
 * present in full: the codecs decode truncated data silently (as noise or nothing), so this is the
 * one place a cut-short frame is caught. Throws CORRUPT_PIXEL_DATA.
 */
export function readJ2kHeader(codestream: Uint8Array, uid: string): J2kHeader {
  const view = new DataView(codestream.buffer, codestream.byteOffset, codestream.byteLength);
  const end = codestream.byteLength;
  if (end < 4 || view.getUint16(0) !== SOC) fail(uid, 'no JPEG 2000 codestream (SOC marker missing)');
  if (view.getUint16(2) !== SIZ) fail(uid, 'SIZ marker does not follow SOC');
  let siz: ReturnType<typeof readSiz> | undefined;
  let decompositions = -1;
  let colourTransform = false;
  const perComponent = new Map<number, number>();
  let at = 2;
  for (;;) {
    if (at + 4 > end) fail(uid, 'main header is truncated (no tile-part)');
    const marker = view.getUint16(at);
    if (marker === SOT) break;
    if (marker >>> 8 !== 0xff) fail(uid, `unexpected bytes in the main header at offset ${at}`);
    const length = view.getUint16(at + 2);
    if (length < 2 || at + 2 + length > end) fail(uid, 'main header marker segment is truncated');
    const body = at + 4;
    if (marker === SIZ) siz = readSiz(view, at + 2, length, uid);
    else if (marker === COD) {
      if (length < 12) fail(uid, 'COD marker segment is too short');
      colourTransform = view.getUint8(body + 4) !== 0;
      decompositions = view.getUint8(body + 5);
    } else if (marker === COC && siz !== undefined) {
      const wide = siz.components.length >= 257;
      const component = wide ? view.getUint16(body) : view.getUint8(body);
      const levelsAt = body + (wide ? 3 : 2);
      if (levelsAt >= at + 2 + length) fail(uid, 'COC marker segment is too short');
      perComponent.set(component, view.getUint8(levelsAt));
    }
    at += 2 + length;
  }
  if (siz === undefined) fail(uid, 'SIZ marker missing');
  if (decompositions < 0) fail(uid, 'COD marker missing');
  const levels = siz.components.map((_, c) => perComponent.get(c) ?? decompositions);
  checkTileParts(view, at, uid);
  return {
    x0: siz.x0,
    y0: siz.y0,
    x1: siz.x1,
    y1: siz.y1,
    width: siz.x1 - siz.x0,
    height: siz.y1 - siz.y0,
    components: siz.components,
    decompositions: Math.min(...levels),
    colourTransform,
    highThroughput: siz.highThroughput,
  };
}

/** Walk the tile-parts by their declared lengths (Psot) up to EOC or the end of the data. */
function checkTileParts(view: DataView, start: number, uid: string): void {
  const end = view.byteLength;
  let at = start;
  while (at < end) {
    if (at + 2 > end) {
      if (isPadding(view, at)) return;
      fail(uid, 'stray byte after the last tile-part');
    }
    const marker = view.getUint16(at);
    if (marker === EOC) return;
    if (marker !== SOT) {
      if (isPadding(view, at)) return;
      fail(uid, `tile-part expected at offset ${at}`);
    }
    if (at + 12 > end) fail(uid, 'codestream is truncated (tile-part header)');
    const length = view.getUint32(at + 6);
    if (length === 0) return; // the last tile-part runs to EOC: its end is not declared
    if (length < 14 || at + length > end) fail(uid, 'codestream is truncated (a tile-part is cut short)');
    at += length;
  }
}

/** Trailing zero bytes (fragments are padded to an even length) are not data. */
function isPadding(view: DataView, from: number): boolean {
  for (let i = from; i < view.byteLength; i++) if (view.getUint8(i) !== 0) return false;
  return true;
}
