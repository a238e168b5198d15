import { seededRandom } from '@lucent/engine';

/**
 * A synthetic RGB ultrasound frame (interleaved 8-bit RGB): a grey speckled sector with a colour
 * Doppler blob, black outside the fan. The same seed gives the same pixels.
 */
export function ultrasoundFrame(columns: number, rows: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const pixels = new Uint8Array(columns * rows * 3);
  const apexX = columns / 2;
  const apexY = rows * 0.05;
  const radius = rows * 0.9;
  const halfAngle = Math.PI / 4;
  const blob = { x: apexX + columns * 0.08 * (random() - 0.5), y: rows * 0.45, r: rows * 0.08 };
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const dx = x - apexX;
      const dy = y - apexY;
      const distance = Math.hypot(dx, dy);
      const angle = Math.atan2(dx, dy);
      if (dy <= 0 || distance > radius || Math.abs(angle) > halfAngle) continue;
      const depth = distance / radius;
      const layer = 0.5 + 0.5 * Math.sin(depth * 40 + angle * 3);
      const grey = Math.min(255, Math.round((60 + 120 * layer) * (1 - 0.5 * depth) * (0.6 + 0.8 * random())));
      const at = (y * columns + x) * 3;
      const inBlob = Math.hypot(x - blob.x, y - blob.y) < blob.r;
      pixels[at] = inBlob ? 200 : grey;
      pixels[at + 1] = inBlob ? Math.round(grey / 3) : grey;
      pixels[at + 2] = inBlob ? 40 : grey;
    }
  }
  return pixels;
}
