/**
 * One RLE segment (PS3.5 G.3.1): PackBits runs. A header byte n of 0–127 copies the next n + 1
 * bytes, 129–255 repeats the next byte 257 − n times, 128 is a no-op.
 */

/** How many bytes `source[start, end)` decodes to (literal runs cut short by `end` count what is there). */
export function segmentLength(source: Uint8Array, start: number, end: number): number {
  let at = start;
  let length = 0;
  while (at < end) {
    const header = source[at++] as number;
    if (header < 128) {
      length += Math.min(header + 1, end - at);
      at += header + 1;
    } else if (header > 128) {
      if (at >= end) break;
      at++;
      length += 257 - header;
    }
  }
  return length;
}

/**
 * Decode `source[start, end)` into `out`, stopping once `out` is full; returns the bytes produced.
 * Never reads or writes out of bounds, whatever the input.
 */
export function unpackSegment(source: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let at = start;
  let produced = 0;
  const size = out.length;
  while (at < end && produced < size) {
    const header = source[at++] as number;
    if (header < 128) {
      const count = Math.min(header + 1, end - at, size - produced);
      out.set(source.subarray(at, at + count), produced);
      produced += count;
      at += header + 1;
    } else if (header > 128) {
      if (at >= end) break;
      const value = source[at++] as number;
      const count = Math.min(257 - header, size - produced);
      out.fill(value, produced, produced + count);
      produced += count;
    }
  }
  return produced;
}
