import { gaussian, type Random } from './seeded-random.js';
import { ctEllipsoids, mrEllipsoids, phantomSlice } from './shepp-logan.js';

/** CT stored values: HU + 1024 in 12 bits (Rescale Intercept −1024). */
export const CT_RESCALE_INTERCEPT = -1024;
export const CT_BITS_STORED = 12;
const CT_NOISE_HU = 6;
const AIR_HU = -1000;

/**
 * One CT slice of the 3-D Shepp–Logan phantom at height `z` (−1…1): Hounsfield units plus
 * Gaussian noise, stored as HU + 1024 (unsigned, 12 bits). `turn` rotates it in plane (degrees).
 */
export function ctSlicePixels(size: number, z: number, random: Random, turn = 0): Uint16Array {
  const hu = phantomSlice(ctEllipsoids, size, z, AIR_HU, turn);
  const noise = gaussian(random);
  const max = 2 ** CT_BITS_STORED - 1;
  const out = new Uint16Array(hu.length);
  for (let i = 0; i < hu.length; i++) {
    const value = Math.round((hu[i] as number) - CT_RESCALE_INTERCEPT + noise() * CT_NOISE_HU);
    out[i] = Math.min(max, Math.max(0, value));
  }
  return out;
}

const MR_NOISE = 90;

/**
 * One T2-like MR slice at height `z`: phantom signal times a smooth coil-sensitivity field, with
 * Rician noise (the magnitude of signal plus complex Gaussian noise), 16 bits unsigned.
 */
export function mrSlicePixels(size: number, z: number, random: Random): Uint16Array {
  const signal = phantomSlice(mrEllipsoids, size, z, 0);
  const noise = gaussian(random);
  const out = new Uint16Array(signal.length);
  for (let row = 0; row < size; row++) {
    const y = row / size - 0.5;
    for (let column = 0; column < size; column++) {
      const x = column / size - 0.5;
      const coil = 1 + 0.25 * x - 0.15 * y - 0.2 * (x * x + y * y);
      const i = row * size + column;
      const real = (signal[i] as number) * coil + noise() * MR_NOISE;
      const imaginary = noise() * MR_NOISE;
      out[i] = Math.min(0xffff, Math.round(Math.hypot(real, imaginary)));
    }
  }
  return out;
}
