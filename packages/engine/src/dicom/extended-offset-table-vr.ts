/**
 * dicom-parser 1.8 does not know the 64-bit VRs (OV, SV, UV) and reads their 4-byte length as 2
 * bytes, losing its place. The Extended Offset Table (7FE0,0001) and its Lengths (7FE0,0002) are
 * OV. When they are present, return a copy in which their VR reads OB (same layout: a reserved
 * word, then a 4-byte length); offsets are unchanged. A match counts only when the element after
 * it is (7FE0,0002) or Pixel Data (7FE0,0010), so pixel bytes that happen to look alike are left.
 */
export function withReadableExtendedOffsetTable(bytes: Uint8Array, littleEndian: boolean): Uint8Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = (element: number) =>
    Buffer.from(
      littleEndian ? [0xe0, 0x7f, element, 0x00, 0x4f, 0x56, 0, 0] : [0x7f, 0xe0, 0x00, element, 0x4f, 0x56, 0, 0],
    );
  const nextIs = (at: number, element: number) =>
    at + 4 <= buffer.length &&
    (littleEndian
      ? buffer.readUInt16LE(at) === 0x7fe0 && buffer.readUInt16LE(at + 2) === element
      : buffer.readUInt16BE(at) === 0x7fe0 && buffer.readUInt16BE(at + 2) === element);
  const patches: number[] = [];
  for (const [element, next] of [
    [0x01, 0x0002],
    [0x02, 0x0010],
  ] as const) {
    const pattern = header(element);
    for (let at = buffer.indexOf(pattern); at >= 0; at = buffer.indexOf(pattern, at + 1)) {
      if (at + 12 > buffer.length) break;
      const length = littleEndian ? buffer.readUInt32LE(at + 8) : buffer.readUInt32BE(at + 8);
      const following = at + 12 + length;
      if (nextIs(following, next) || (element === 0x01 && nextIs(following, 0x0010))) {
        patches.push(at + 5);
        break;
      }
    }
  }
  if (patches.length === 0) return bytes;
  const copy = bytes.slice();
  for (const at of patches) copy[at] = 0x42; // 'V' → 'B'
  return copy;
}
