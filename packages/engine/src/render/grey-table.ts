import type { PixelArray } from '../image/decoded-frame.js';
import { uninitializedBytes } from '../image/uninitialized.js';

/** Samples stored in 8 or 16 bits: a table can cover every value their type holds. */
export type NarrowPixelArray = Uint8Array | Int8Array | Uint16Array | Int16Array;

export function isNarrow(pixels: PixelArray): pixels is NarrowPixelArray {
  return pixels.BYTES_PER_ELEMENT <= 2;
}

/** The values a typed array can hold, and the offset that makes the lowest index 0. */
export interface TableDomain {
  min: number;
  max: number;
  offset: number;
}

export function typeDomain(pixels: NarrowPixelArray): TableDomain {
  const bits = pixels.BYTES_PER_ELEMENT * 8;
  const signed = pixels instanceof Int8Array || pixels instanceof Int16Array;
  const min = signed ? -(2 ** (bits - 1)) : 0;
  return { min, max: min + 2 ** bits - 1, offset: -min };
}

/**
 * The values a sample can take once masked to Bits Stored (and sign-extended when signed), within
 * what the array type holds.
 */
export function storedDomain(pixels: NarrowPixelArray, bitsStored: number): { min: number; max: number } {
  const type = typeDomain(pixels);
  const bits = Math.trunc(bitsStored);
  if (!(bits >= 1) || bits >= pixels.BYTES_PER_ELEMENT * 8) return type;
  return type.min < 0 ? { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 } : { min: 0, max: 2 ** bits - 1 };
}

/**
 * A table indexed by (stored value + domain offset) over the whole type domain: `toGrey` computed
 * for `from..to`, every value below `from` given the entry of `from` and every value above `to`
 * that of `to` (exact for the monotonic windows; the caller sets any other value it needs).
 */
export function buildGreyTable(
  domain: TableDomain,
  from: number,
  to: number,
  toGrey: (value: number) => number,
): Uint8Array {
  const table = new Uint8Array(domain.max - domain.min + 1);
  for (let v = from; v <= to; v++) table[v + domain.offset] = toGrey(v);
  table.fill(table[from + domain.offset] as number, 0, from + domain.offset);
  table.fill(table[to + domain.offset] as number, to + domain.offset + 1);
  return table;
}

/** out[i] = table[pixels[i] + offset]: one read a sample, no branch. */
export function mapThroughTable(pixels: NarrowPixelArray, table: Uint8Array, offset: number): Uint8Array {
  const out = uninitializedBytes(pixels.length);
  const n = pixels.length;
  for (let i = 0; i < n; i++) out[i] = table[(pixels[i] as number) + offset] as number;
  return out;
}

const CACHE_SIZE = 8;
const cache = new Map<string, Uint8Array>();

/**
 * Tables for a given rendering pipeline are reused across frames (a series scrolled with one
 * window): a small least-recently-used cache, per thread. Tables are never written after caching.
 */
export function cachedGreyTable(key: string, build: () => Uint8Array): Uint8Array {
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const table = build();
  cache.set(key, table);
  if (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  return table;
}

const ids = new WeakMap<object, number>();
let nextId = 0;

/** A stable id for an object (a LUT) within this thread, for cache keys. */
export function objectId(value: object): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = nextId++;
    ids.set(value, id);
  }
  return id;
}
