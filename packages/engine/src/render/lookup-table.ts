import type { LookupTable } from '../image/rendering-attributes.js';

/**
 * The entry of a Modality or VOI LUT for input `x` (PS3.3 C.11.1.1, C.11.2.1.1): inputs below the
 * first value mapped take the first entry, inputs past the last entry take the last one. Fractional
 * inputs (a rescaled modality value) are rounded to the nearest entry.
 */
export function lookupEntry(table: LookupTable, x: number): number {
  const { data, descriptor } = table;
  if (data.length === 0) return 0;
  const index = Math.round(x) - descriptor.firstValueMapped;
  if (!(index > 0)) return data[0] as number;
  if (index >= data.length) return data[data.length - 1] as number;
  return data[index] as number;
}

/**
 * The largest output a LUT can produce: 2^BitsPerEntry − 1 from its descriptor, widened to the
 * smallest 2^n − 1 that holds the data when a writer declared fewer bits than it stored.
 */
export function lutOutputMaximum(table: LookupTable): number {
  let max = 0;
  for (let i = 0; i < table.data.length; i++) max = Math.max(max, table.data[i] as number);
  let bits = Math.min(16, Math.max(1, Math.trunc(table.descriptor.bitsPerEntry) || 16));
  while (bits < 16 && max > 2 ** bits - 1) bits++;
  return 2 ** bits - 1;
}
