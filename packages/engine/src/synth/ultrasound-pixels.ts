import { gaussian, type Random } from './seeded-random.js';

interface Cyst {
  x: number;
  y: number;
  radius: number;
}

/**
 * An RGB ultrasound-like frame, `columns` × `rows`: a 74° sector from an apex near the top, speckle
 * (Rayleigh-distributed, smoothed) over depth-attenuated tissue with anechoic cysts, and a colour
 * Doppler box over a vessel (red one way, blue the other). Interleaved RGB, 8 bits.
 */
export function ultrasoundPixels(columns: number, rows: number, random: Random): Uint8Array {
  const noise = gaussian(random);
  const apexX = columns / 2;
  const apexY = rows * 0.06;
  const depth = rows * 0.9;
  const halfAngle = (37 * Math.PI) / 180;
  const cysts: Cyst[] = [
    { x: columns * 0.42, y: rows * 0.45, radius: rows * 0.07 },
    { x: columns * 0.6, y: rows * 0.7, radius: rows * 0.045 },
  ];
  const vesselY = rows * 0.33;
  const speckle = new Float32Array(columns * rows);
  for (let i = 0; i < speckle.length; i++) speckle[i] = Math.hypot(noise(), noise());
  const out = new Uint8Array(columns * rows * 3);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const dx = x - apexX;
      const dy = y - apexY;
      const radius = Math.hypot(dx, dy);
      const angle = Math.atan2(dx, dy);
      if (dy <= 0 || radius > depth || Math.abs(angle) > halfAngle) continue;
      const i = y * columns + x;
      const grain = ((speckle[i] as number) + (speckle[i + 1] ?? 0) + (speckle[i + columns] ?? 0)) / 3;
      let echo = 150 * Math.exp(-radius / (depth * 1.4)) * grain;
      if (cysts.some((c) => Math.hypot(x - c.x, y - c.y) < c.radius)) echo *= 0.08;
      const inVessel = Math.abs(y - vesselY - 0.08 * (x - apexX)) < rows * 0.025;
      if (inVessel) echo *= 0.15;
      const grey = Math.min(255, Math.round(echo));
      const at = i * 3;
      out[at] = grey;
      out[at + 1] = grey;
      out[at + 2] = grey;
      if (inVessel && Math.abs(dx) < columns * 0.16) {
        const towards = x < apexX;
        const speed = 120 + Math.round(100 * (1 - Math.abs(dx) / (columns * 0.16)));
        out[at] = towards ? speed : 20;
        out[at + 1] = 30;
        out[at + 2] = towards ? 20 : speed;
      }
    }
  }
  return out;
}
