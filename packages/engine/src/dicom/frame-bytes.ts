import { Errors } from '../errors/engine-error.js';
import type { ParsedDicom } from './parsed-dicom.js';

/** The spans' bytes of `bytes`, concatenated (a frame's fragment values; one span: a copy of it too). */
export function joinSpans(bytes: Uint8Array, spans: readonly { offset: number; length: number }[]): Uint8Array {
  const out = new Uint8Array(spans.reduce((sum, span) => sum + span.length, 0));
  let at = 0;
  for (const span of spans) {
    out.set(bytes.subarray(span.offset, span.offset + span.length), at);
    at += span.length;
  }
  return out;
}

/** A 1-bit frame that starts `shift` bits into its first byte, moved to start at bit 0 (a copy). */
function shiftedToBitZero(span: Uint8Array, shift: number, bits: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits / 8));
  for (let i = 0; i < out.length; i++) {
    out[i] = (((span[i] as number) >> shift) | ((span[i + 1] ?? 0) << (8 - shift))) & 0xff;
  }
  return out;
}

/**
 * Frame `index`'s bytes: the native span, or the encapsulated fragments' values concatenated. A
 * single span is a view into `parsed.bytes` (no copy); 1-bit frames that do not start on a byte
 * boundary are copied and shifted to bit 0.
 */
export function frameBytes(parsed: ParsedDicom, index: number): Uint8Array {
  const location = Number.isInteger(index) ? parsed.frames[index] : undefined;
  if (location === undefined) throw Errors.frameOutOfRange(index, parsed.frames.length);
  const { bytes } = parsed;
  const spans = location.fragments ?? [{ offset: location.offset, length: location.length }];
  for (const span of spans) {
    if (span.offset + span.length > bytes.length) throw Errors.truncated(`frame ${index} runs past the end`);
  }
  if (spans.length > 1) return joinSpans(bytes, spans);
  const only = spans[0] as { offset: number; length: number };
  const view = bytes.subarray(only.offset, only.offset + only.length);
  const shift = location.bitOffset ?? 0;
  if (shift === 0 || parsed.frameInfo === undefined) return view;
  const { rows, columns, samplesPerPixel } = parsed.frameInfo;
  return shiftedToBitZero(view, shift, rows * columns * samplesPerPixel);
}
