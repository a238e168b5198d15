import type { LookupTable } from '../image/rendering-attributes.js';

/**
 * Look x up in a Modality or VOI LUT (PS3.3 C.11.1.1 / C.11.2.1.1): inputs below the first mapped
 * value take the first entry, inputs past the last entry take the last one.
 */
export function lookup(table: LookupTable, x: number): number {
  const { data, descriptor } = table;
  const index = Math.round(x) - descriptor.firstValueMapped;
  if (index <= 0) return data[0] ?? 0;
  if (index >= data.length) return data[data.length - 1] ?? 0;
  return data[index] as number;
}

/** The largest value a LUT's entries can hold: its bits per entry, widened when the data exceed them. */
export function lutMaximum(table: LookupTable): number {
  let max = 0;
  for (const value of table.data) if (value > max) max = value;
  const declared = 2 ** Math.min(16, Math.max(1, table.descriptor.bitsPerEntry)) - 1;
  return max > declared ? 65535 : declared;
}
