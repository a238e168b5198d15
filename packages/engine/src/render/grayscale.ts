import type { WindowSpec } from '@lucent/shared';
import { Errors } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import type { LookupTable, RenderingAttributes } from '../image/rendering-attributes.js';
import { lookup, lutMaximum } from './lookup-table.js';
import { applyWindow, isValidWindow } from './voi-window.js';

/** Stored value → modality value: the Modality LUT Sequence when present, else rescale slope/intercept. */
export function modalityTransform(attributes: RenderingAttributes): (stored: number) => number {
  const lut = attributes.modalityLut;
  if (lut !== undefined) return (stored) => lookup(lut, stored);
  const { rescaleSlope: slope, rescaleIntercept: intercept } = attributes;
  return (stored) => stored * slope + intercept;
}

/** Which VOI stage applies: the caller's window, the file's first window, its first VOI LUT, or a default. */
export type VoiStage = { kind: 'window'; window: WindowSpec } | { kind: 'lut'; lut: LookupTable };

export function chooseVoi(
  attributes: RenderingAttributes,
  requested: WindowSpec | undefined,
  modalityRange: () => { min: number; max: number },
): VoiStage {
  if (requested !== undefined) {
    if (!isValidWindow(requested)) {
      throw Errors.invalidRenderOptions(`window width ${requested.width} is not valid for ${requested.function}`);
    }
    return { kind: 'window', window: requested };
  }
  const fromFile = attributes.windows.find(isValidWindow);
  if (fromFile !== undefined) return { kind: 'window', window: fromFile };
  const lut = attributes.voiLuts[0];
  if (lut !== undefined) return { kind: 'lut', lut };
  // No window in the file: span the frame's modality values (LINEAR_EXACT maps min → 0, max → 255).
  const { min, max } = modalityRange();
  const width = Math.max(max - min, 1);
  return { kind: 'window', window: { center: min + width / 2, width, function: 'LINEAR_EXACT' } };
}

function voiFunction(stage: VoiStage): (x: number) => number {
  if (stage.kind === 'window') return (x) => applyWindow(x, stage.window);
  const { lut } = stage;
  const scale = 255 / lutMaximum(lut);
  return (x) => lookup(lut, x) * scale;
}

/** Stored-value range of the frame, skipping Pixel Padding Value. */
function storedRange(pixels: ArrayLike<number>, padding: number | undefined): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i] as number;
    if (v === padding) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min > max ? { min: 0, max: 0 } : { min, max };
}

/**
 * Stored values → Modality LUT → VOI → MONOCHROME1 inversion → 8-bit grey. Integer data of up to
 * 16 stored bits go through one lookup table built over the frame's stored range, so the per-pixel
 * cost is one table read.
 */
export function renderGrayscale(frame: DecodedFrame, attributes: RenderingAttributes, window?: WindowSpec): Uint8Array {
  const { pixels } = frame;
  const modality = modalityTransform(attributes);
  const stored = storedRange(pixels, attributes.pixelPaddingValue);
  const modalityRange = () => {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    const step = attributes.modalityLut === undefined ? Math.max(1, stored.max - stored.min) : 1;
    for (let v = stored.min; v <= stored.max; v += step) {
      const m = modality(v);
      if (m < min) min = m;
      if (m > max) max = m;
    }
    const last = modality(stored.max);
    return { min: Math.min(min, last), max: Math.max(max, last) };
  };
  const voi = voiFunction(chooseVoi(attributes, window, modalityRange));
  const invert = attributes.photometricInterpretation === 'MONOCHROME1';
  const toDisplay = (value: number): number => {
    const y = Math.round(voi(modality(value)));
    const clamped = Math.min(255, Math.max(0, y));
    return invert ? 255 - clamped : clamped;
  };
  const out = new Uint8Array(pixels.length);
  const span = stored.max - stored.min;
  if (pixels.BYTES_PER_ELEMENT <= 2 && span <= 65535) {
    const table = new Uint8Array(span + 1);
    for (let i = 0; i <= span; i++) table[i] = toDisplay(stored.min + i);
    const low = stored.min;
    const padded = attributes.pixelPaddingValue;
    const paddingDisplay = padded === undefined ? 0 : toDisplay(padded);
    for (let i = 0; i < pixels.length; i++) {
      const index = (pixels[i] as number) - low;
      out[i] = index >= 0 && index <= span ? (table[index] as number) : paddingDisplay;
    }
    return out;
  }
  for (let i = 0; i < pixels.length; i++) out[i] = toDisplay(pixels[i] as number);
  return out;
}
