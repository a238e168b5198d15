import { Errors } from '../errors/engine-error.js';
import type { ParsedDicom } from './parsed-dicom.js';

/**
 * One frame's bytes: the native span, or the encapsulated fragments concatenated. A single span is
 * returned as a view (no copy); 1-bit frames that do not start on a byte boundary are shifted to bit 0.
 */
export function frameBytes(parsed: ParsedDicom, index: number): Uint8Array {
  const location = parsed.frames[index];
  if (location === undefined || !Number.isInteger(index)) throw Errors.frameOutOfRange(index, parsed.frames.length);
  const { bytes } = parsed;
  const fragments = location.fragments;
  if (fragments !== undefined) {
    if (fragments.length === 1) {
      const only = fragments[0] as { offset: number; length: number };
      return bytes.subarray(only.offset, only.offset + only.length);
    }
    const total = fragments.reduce((sum, f) => sum + f.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const fragment of fragments) {
      out.set(bytes.subarray(fragment.offset, fragment.offset + fragment.length), at);
      at += fragment.length;
    }
    return out;
  }
  if (location.offset + location.length > bytes.length) throw Errors.truncated(`frame ${index} runs past the end`);
  const span = bytes.subarray(location.offset, location.offset + location.length);
  const shift = location.bitOffset ?? 0;
  if (shift === 0) return span;
  const out = new Uint8Array(span.length);
  for (let i = 0; i < span.length; i++) {
    out[i] = (((span[i] as number) >> shift) | ((span[i + 1] ?? 0) << (8 - shift))) & 0xff;
  }
  return out;
}
