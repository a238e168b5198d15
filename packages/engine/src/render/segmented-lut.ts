import { Errors } from '../errors/engine-error.js';

/** Indirect segments may point at indirect segments this deep at most. */
const MAX_INDIRECTION = 4;

/**
 * Expand a Segmented Palette Color LUT (PS3.3 C.7.9.2) to `entries` 16-bit values. Segments are
 * `opcode, length, …`: discrete (0) lists `length` values; linear (1) interpolates from the previous
 * value to the next word over `length` entries; indirect (2) replays `length` segments found at the
 * 32-bit word offset in the next two words (least significant first). A table shorter than `entries`
 * is padded with its last value. Malformed data (unknown opcode, an indirect loop, a linear or
 * indirect first segment) is a RENDER_FAILED error; the work done is bounded.
 */
export function expandSegmentedLut(segments: Uint16Array, entries: number): Uint16Array {
  const out = new Uint16Array(Math.max(0, entries));
  let written = 0;
  // Every segment visit counts, so crafted indirections cannot make this loop long.
  let budget = segments.length + 4 * out.length + 1024;

  const expandAt = (start: number, count: number, depth: number): void => {
    let at = start;
    for (let n = 0; n < count && at < segments.length && written < out.length; n++) {
      if (--budget < 0) throw Errors.renderFailed('segmented palette LUT does not terminate');
      const opcode = segments[at] as number;
      const length = segments[at + 1] ?? 0;
      if (opcode === 0) {
        const end = Math.min(at + 2 + length, segments.length);
        for (let i = at + 2; i < end && written < out.length; i++) out[written++] = segments[i] as number;
        at += 2 + length;
      } else if (opcode === 1) {
        if (written === 0) throw Errors.renderFailed('segmented palette LUT starts with a linear segment');
        const from = out[written - 1] as number;
        const to = segments[at + 2] ?? from;
        for (let i = 1; i <= length && written < out.length; i++) {
          out[written++] = Math.round(from + ((to - from) * i) / length);
        }
        at += 3;
      } else if (opcode === 2) {
        if (written === 0) throw Errors.renderFailed('segmented palette LUT starts with an indirect segment');
        if (depth >= MAX_INDIRECTION) throw Errors.renderFailed('segmented palette LUT indirection too deep');
        const offset = (segments[at + 2] ?? 0) + (segments[at + 3] ?? 0) * 0x10000;
        expandAt(offset, length, depth + 1);
        at += 4;
      } else {
        throw Errors.renderFailed(`segmented palette LUT has an unknown segment type ${opcode}`);
      }
    }
  };

  expandAt(0, Number.POSITIVE_INFINITY, 0);
  if (written === 0) throw Errors.renderFailed('segmented palette LUT is empty');
  out.fill(out[written - 1] as number, written);
  return out;
}
