import type { WindowSpec } from '@lucent/shared';
import type { PixelArray } from '../image/decoded-frame.js';
import type { RenderingAttributes } from '../image/rendering-attributes.js';
import { uninitializedBytes } from '../image/uninitialized.js';
import { chooseVoi, type VoiChoice, voiTransform } from './choose-voi.js';
import { modalityValueRange, storedValueRange, type ValueRange } from './default-window.js';
import {
  buildGreyTable,
  cachedGreyTable,
  isNarrow,
  mapThroughTable,
  objectId,
  storedDomain,
  typeDomain,
} from './grey-table.js';
import { isRescaleOnly, modalityTransform } from './modality-lut.js';

/** Largest stored-value span of 32-bit data mapped through a table (beyond it, per-sample arithmetic). */
const MAX_WIDE_TABLE_SPAN = 0xffff;

/** What a grey table depends on besides the sample type: modality stage, VOI stage, inversion. */
function pipelineKey(attributes: RenderingAttributes, choice: VoiChoice, invert: boolean): string {
  const lut = attributes.modalityLut;
  const modality =
    lut === undefined || isRescaleOnly(attributes)
      ? `${attributes.rescaleSlope}:${attributes.rescaleIntercept}`
      : `lut${objectId(lut)}`;
  const voi =
    'lut' in choice
      ? `lut${objectId(choice.lut)}`
      : `${choice.window.center}:${choice.window.width}:${choice.window.function}`;
  return `${modality}|${voi}|${invert ? 1 : 0}`;
}

/**
 * Monochrome samples → Modality LUT or rescale → VOI (window or VOI LUT) → 8 bits (rounded,
 * clamped) → MONOCHROME1 inversion. For 8- and 16-bit samples the floating-point chain runs once
 * per value Bits Stored allows (or per value in the frame's range for the default window), into a
 * table that each sample then reads once; tables for a caller's or the file's VOI are cached.
 * 32-bit samples use a table over the frame's range when it is small, else the chain per sample.
 */
export function renderGrayscale(
  pixels: PixelArray,
  attributes: RenderingAttributes,
  window?: WindowSpec,
  bitsStored = attributes.bitsStored,
): Uint8Array {
  const padding = attributes.pixelPaddingValue;
  const modality = modalityTransform(attributes);
  let stored: ValueRange | undefined;
  const storedRange = () => {
    stored ??= storedValueRange(pixels, padding);
    return stored;
  };
  const choice = chooseVoi(attributes, window, () =>
    modalityValueRange(pixels, storedRange(), modality, isRescaleOnly(attributes), padding),
  );
  const voi = voiTransform(choice);
  const invert = attributes.photometricInterpretation === 'MONOCHROME1';
  const toGrey = (value: number): number => {
    const grey = Math.min(255, Math.max(0, Math.round(voi(modality(value))) || 0)); // NaN → 0
    return invert ? 255 - grey : grey;
  };

  if (isNarrow(pixels)) {
    const domain = typeDomain(pixels);
    if (choice.source !== 'default') {
      const { min, max } = storedDomain(pixels, bitsStored);
      const key = `${pixels.constructor.name}:${min}:${max}|${pipelineKey(attributes, choice, invert)}`;
      return mapThroughTable(
        pixels,
        cachedGreyTable(key, () => buildGreyTable(domain, min, max, toGrey)),
        domain.offset,
      );
    }
    // The default window depends on this frame: a table over its range, padding set exactly.
    const { min, max } = storedRange();
    const table = buildGreyTable(domain, Math.max(min, domain.min), Math.min(max, domain.max), toGrey);
    if (padding !== undefined && Number.isInteger(padding) && padding >= domain.min && padding <= domain.max) {
      table[padding + domain.offset] = toGrey(padding);
    }
    return mapThroughTable(pixels, table, domain.offset);
  }

  const out = uninitializedBytes(pixels.length);
  const { min, max } = storedRange();
  if (max - min > MAX_WIDE_TABLE_SPAN) {
    for (let i = 0; i < pixels.length; i++) out[i] = toGrey(pixels[i] as number);
    return out;
  }
  const table = new Uint8Array(max - min + 1);
  for (let v = min; v <= max; v++) table[v - min] = toGrey(v);
  const outside = padding === undefined ? 0 : toGrey(padding); // only padding lies outside the range
  for (let i = 0; i < pixels.length; i++) {
    const index = (pixels[i] as number) - min;
    out[i] = index >= 0 && index <= max - min ? (table[index] as number) : outside;
  }
  return out;
}
