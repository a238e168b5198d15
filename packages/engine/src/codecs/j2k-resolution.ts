/**
 * The decomposition level to decode at so the output still covers what will be shown: the image is
 * shown fitted inside `fitWithin` (aspect kept, never upscaled), so skip `level` resolution levels
 * while 2^level ≤ the downscale factor. Capped by the codestream's decomposition count.
 */
export function chooseDecompositionLevel(
  image: { width: number; height: number },
  fitWithin: { width: number; height: number } | undefined,
  decompositions: number,
): number {
  if (fitWithin === undefined || decompositions <= 0) return 0;
  const scale = Math.min(fitWithin.width / image.width, fitWithin.height / image.height);
  if (!(scale > 0) || scale >= 1) return 0;
  const level = Math.floor(Math.log2(1 / scale) + 1e-9);
  return Math.max(0, Math.min(level, decompositions));
}

/** Size of the image at a decomposition level (ceil division, as JPEG 2000 defines it). */
export function sizeAtLevel(width: number, height: number, level: number): { width: number; height: number } {
  const divisor = 2 ** level;
  return { width: Math.ceil(width / divisor), height: Math.ceil(height / divisor) };
}

/** A JP2 file (signature box) wraps the codestream in a `jp2c` box: return the codestream. */
export function unwrapJp2(bytes: Uint8Array): Uint8Array {
  const isJp2 = bytes.length >= 12 && bytes[4] === 0x6a && bytes[5] === 0x50 && bytes[6] === 0x20 && bytes[7] === 0x20;
  if (!isJp2) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 8 <= bytes.length) {
    let length = view.getUint32(at);
    const type = String.fromCharCode(
      bytes[at + 4] as number,
      bytes[at + 5] as number,
      bytes[at + 6] as number,
      bytes[at + 7] as number,
    );
    let header = 8;
    if (length === 1 && at + 16 <= bytes.length) {
      length = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (length === 0) {
      length = bytes.length - at;
    }
    if (type === 'jp2c') return bytes.subarray(at + header, Math.min(bytes.length, at + length));
    if (length < header) break;
    at += length;
  }
  return bytes;
}
