import { Errors } from '../errors/engine-error.js';
import type { PaletteChannel } from '../image/rendering-attributes.js';

/**
 * Expand a Segmented Palette Color LUT (PS3.3 C.7.9.2): discrete (opcode 0), linear (1) and
 * indirect (2) segments. Bounded: refuses runaway or cyclic indirections.
 */
export function expandSegmentedLut(segments: Uint16Array, entries: number): Uint16Array {
  const out: number[] = [];
  const expand = (start: number, end: number, depth: number): void => {
    if (depth > 4) throw Errors.renderFailed('segmented palette indirection too deep');
    let at = start;
    while (at < end && out.length < entries) {
      const opcode = segments[at] as number;
      const length = segments[at + 1] ?? 0;
      if (opcode === 0) {
        for (let i = 0; i < length && at + 2 + i < segments.length; i++) out.push(segments[at + 2 + i] as number);
        at += 2 + length;
      } else if (opcode === 1) {
        const target = segments[at + 2] ?? 0;
        const previous = out[out.length - 1] ?? target;
        for (let i = 1; i <= length; i++) out.push(Math.round(previous + ((target - previous) * i) / length));
        at += 3;
      } else if (opcode === 2) {
        const offset = (segments[at + 2] ?? 0) | ((segments[at + 3] ?? 0) << 16);
        let cursor = offset;
        for (let n = 0; n < length && cursor < segments.length; n++) {
          const segmentLength =
            segments[cursor] === 1 ? 3 : segments[cursor] === 0 ? 2 + (segments[cursor + 1] ?? 0) : 4;
          expand(cursor, Math.min(segments.length, cursor + segmentLength), depth + 1);
          cursor += segmentLength;
        }
        at += 4;
      } else {
        throw Errors.renderFailed(`segmented palette opcode ${opcode}`);
      }
    }
  };
  expand(0, segments.length, 0);
  const table = new Uint16Array(entries);
  for (let i = 0; i < entries; i++) table[i] = out[Math.min(i, out.length - 1)] ?? 0;
  return table;
}

/** A palette channel as an 8-bit table indexed by (stored value − first value mapped). */
export function paletteTable(channel: PaletteChannel): Uint8Array {
  const data = channel.segmented ? expandSegmentedLut(channel.data, channel.descriptor.entries) : channel.data;
  let max = 0;
  for (const value of data) if (value > max) max = value;
  // 16-bit entries are scaled by >> 8; some writers declare 16 bits but store 8-bit values.
  const shift = channel.descriptor.bitsPerEntry > 8 && max > 255 ? 8 : 0;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = (data[i] as number) >> shift;
  return out;
}
