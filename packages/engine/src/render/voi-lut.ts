import type { LookupTable } from '../image/rendering-attributes.js';
import { lookupEntry, lutOutputMaximum } from './lookup-table.js';
import type { ValueTransform } from './modality-lut.js';

/**
 * A VOI LUT Sequence item as a transform to [0, 255] (PS3.3 C.11.2.1.1): modality values below the
 * first value mapped take the first entry, values past the end the last; the LUT's output range
 * (its bits per entry) is scaled to 8 bits.
 */
export function voiLutTransform(lut: LookupTable): ValueTransform {
  const scale = 255 / lutOutputMaximum(lut);
  return (x) => lookupEntry(lut, x) * scale;
}
