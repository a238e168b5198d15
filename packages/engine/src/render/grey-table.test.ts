import { describe, expect, it } from 'vitest';
import { buildGreyTable, mapThroughTable, type NarrowPixelArray, rawOrderTable, typeDomain } from './grey-table.js';

/** One sample at a time, as the definition says: out[i] = table[pixels[i] + offset]. */
function reference(pixels: NarrowPixelArray, table: Uint8Array, offset: number): number[] {
  return Array.from(pixels, (value) => table[value + offset] as number);
}

function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

/** A table giving each value its own spread of greys, so a wrong index shows. */
function tableFor(pixels: NarrowPixelArray): { table: Uint8Array; offset: number } {
  const domain = typeDomain(pixels);
  return { table: buildGreyTable(domain, domain.min, domain.max, (v) => (v * 37 + 11) & 0xff), offset: domain.offset };
}

/** `count` samples of type `Type` at `byteOffset` into a larger buffer (views as the native reader makes). */
interface SampleType {
  name: string;
  width: 1 | 2;
  view(buffer: ArrayBuffer, byteOffset: number, length: number): NarrowPixelArray;
}

function samplesAt(type: SampleType, count: number, byteOffset: number, seed: number): NarrowPixelArray {
  const buffer = new ArrayBuffer(byteOffset + count * type.width + 8);
  const bytes = new Uint8Array(buffer);
  const next = seeded(seed);
  for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
  return type.view(buffer, byteOffset, count);
}

describe('mapThroughTable', () => {
  const types: SampleType[] = [
    { name: 'Int16Array', width: 2, view: (b, o, n) => new Int16Array(b, o, n) },
    { name: 'Uint16Array', width: 2, view: (b, o, n) => new Uint16Array(b, o, n) },
    { name: 'Int8Array', width: 1, view: (b, o, n) => new Int8Array(b, o, n) },
    { name: 'Uint8Array', width: 1, view: (b, o, n) => new Uint8Array(b, o, n) },
  ];
  for (const type of types) {
    for (const count of [0, 1, 3, 4, 5, 7, 8, 1001, 4096]) {
      for (const byteOffset of [0, type.width, 4, 6]) {
        it(`${type.name} × ${count} at byte ${byteOffset} matches one lookup a sample`, () => {
          const pixels = samplesAt(type, count, byteOffset, count * 31 + byteOffset);
          const { table, offset } = tableFor(pixels);
          expect(Array.from(mapThroughTable(pixels, table, offset))).toEqual(reference(pixels, table, offset));
        });
      }
    }
  }

  it('covers the extremes of a signed type (−32768, −1, 0, 32767)', () => {
    const pixels = Int16Array.of(-32768, -1, 0, 32767, 1, -2, 100, -100);
    const { table, offset } = tableFor(pixels);
    expect(Array.from(mapThroughTable(pixels, table, offset))).toEqual(reference(pixels, table, offset));
  });

  it('reorders a signed table by bit pattern once and reuses it', () => {
    const pixels = new Int8Array(4);
    const { table, offset } = tableFor(pixels);
    const raw = rawOrderTable(table, offset);
    expect(raw[0]).toBe(table[offset]); // bit pattern 0x00 is 0
    expect(raw[0xff]).toBe(table[offset - 1]); // 0xff is −1
    expect(raw[0x80]).toBe(table[0]); // 0x80 is −128
    expect(rawOrderTable(table, offset)).toBe(raw);
    expect(rawOrderTable(table, 0)).toBe(table);
  });
});
