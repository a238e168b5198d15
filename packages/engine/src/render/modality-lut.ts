import type { RenderingAttributes } from '../image/rendering-attributes.js';
import { lookupEntry } from './lookup-table.js';

/** A mapping of one sample value to another (a rendering stage). */
export type ValueTransform = (x: number) => number;

/**
 * Stored value → modality value (PS3.3 C.11.1): the Modality LUT Sequence when present (rescale is
 * then not applied), else Rescale Slope and Intercept. A non-finite slope or intercept counts as the
 * identity (1, 0), as does a zero slope.
 */
export function modalityTransform(attributes: RenderingAttributes): ValueTransform {
  const lut = attributes.modalityLut;
  if (lut !== undefined && lut.data.length > 0) return (stored) => lookupEntry(lut, stored);
  const slope = Number.isFinite(attributes.rescaleSlope) && attributes.rescaleSlope !== 0 ? attributes.rescaleSlope : 1;
  const intercept = Number.isFinite(attributes.rescaleIntercept) ? attributes.rescaleIntercept : 0;
  return (stored) => stored * slope + intercept;
}

/** Whether the modality stage is monotonic (rescale), so a value range maps to its end points. */
export function isRescaleOnly(attributes: RenderingAttributes): boolean {
  return attributes.modalityLut === undefined || attributes.modalityLut.data.length === 0;
}
