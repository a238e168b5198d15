/**
 * Colour conversions to RGB, in place on interleaved 8-bit samples.
 */

function clamp(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
}

/**
 * YBR_FULL → RGB (PS3.3 C.7.6.3.1.2, full range, the inverse of its RGB → YBR equations). Also
 * YBR_FULL_422 once the decoder has upsampled chroma, and YBR_ICT (the same transform).
 */
export function ybrFullToRgb(data: Uint8Array): void {
  for (let i = 0; i + 2 < data.length; i += 3) {
    const y = data[i] as number;
    const cb = (data[i + 1] as number) - 128;
    const cr = (data[i + 2] as number) - 128;
    data[i] = clamp(y + 1.402 * cr);
    data[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    data[i + 2] = clamp(y + 1.772 * cb);
  }
}

/** YBR_PARTIAL_422 / _420 → RGB (ITU-R BT.601 studio range: Y 16–235, chroma 16–240). */
export function ybrPartialToRgb(data: Uint8Array): void {
  for (let i = 0; i + 2 < data.length; i += 3) {
    const y = 1.164383 * ((data[i] as number) - 16);
    const cb = (data[i + 1] as number) - 128;
    const cr = (data[i + 2] as number) - 128;
    data[i] = clamp(y + 1.596027 * cr);
    data[i + 1] = clamp(y - 0.391762 * cb - 0.812968 * cr);
    data[i + 2] = clamp(y + 2.017232 * cb);
  }
}
