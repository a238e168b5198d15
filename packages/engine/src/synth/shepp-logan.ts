/**
 * One ellipsoid of a 3-D head phantom. Semi-axes and centre in units of the half-width of the
 * field of view (y up, z towards the head), in-plane rotation in degrees; `value` is added inside.
 */
export interface Ellipsoid {
  a: number;
  b: number;
  c: number;
  x: number;
  y: number;
  z: number;
  degrees: number;
  value: number;
}

/** The 3-D modified Shepp–Logan geometry (Kak & Slaney, Toft), without its values. */
const geometry: readonly Omit<Ellipsoid, 'value'>[] = [
  { a: 0.69, b: 0.92, c: 0.81, x: 0, y: 0, z: 0, degrees: 0 }, // skull
  { a: 0.6624, b: 0.874, c: 0.78, x: 0, y: -0.0184, z: 0, degrees: 0 }, // brain
  { a: 0.11, b: 0.31, c: 0.22, x: 0.22, y: 0, z: 0, degrees: -18 }, // right ventricle
  { a: 0.16, b: 0.41, c: 0.28, x: -0.22, y: 0, z: 0, degrees: 18 }, // left ventricle
  { a: 0.21, b: 0.25, c: 0.41, x: 0, y: 0.35, z: -0.15, degrees: 0 },
  { a: 0.046, b: 0.046, c: 0.05, x: 0, y: 0.1, z: 0.25, degrees: 0 },
  { a: 0.046, b: 0.046, c: 0.05, x: 0, y: -0.1, z: 0.25, degrees: 0 },
  { a: 0.046, b: 0.023, c: 0.05, x: -0.08, y: -0.605, z: 0, degrees: 0 },
  { a: 0.023, b: 0.023, c: 0.02, x: 0, y: -0.606, z: 0, degrees: 0 },
  { a: 0.023, b: 0.046, c: 0.02, x: 0.06, y: -0.605, z: 0, degrees: 0 },
];

const withValues = (values: readonly number[]): Ellipsoid[] =>
  geometry.map((shape, i) => ({ ...shape, value: values[i] ?? 0 }));

/**
 * CT contrast in Hounsfield units over air (−1000): bone +1000, brain +40, ventricles (CSF) +5,
 * lesions +60 to +100.
 */
export const ctEllipsoids = withValues([2000, -960, -35, -35, 25, 45, 45, 60, 60, 60]);

/** T2-like MR signal: dark bone, grey brain, bright CSF and lesions (arbitrary units, 0 = air). */
export const mrEllipsoids = withValues([1400, 6600, 9000, 9000, 2400, 3600, 3600, 4200, 4200, 4200]);

/**
 * The cross-section of `ellipsoids` at height `z` (−1…1), `size` × `size`, as the sum of the values
 * of the ellipsoids covering each pixel centre, plus `background`. `turn` rotates the whole phantom
 * in plane (degrees).
 */
export function phantomSlice(ellipsoids: readonly Ellipsoid[], size: number, z: number, background: number, turn = 0) {
  const out = new Float32Array(size * size).fill(background);
  const half = size / 2;
  for (const e of ellipsoids) {
    const depth = (z - e.z) / e.c;
    if (depth * depth >= 1) continue;
    const scale = Math.sqrt(1 - depth * depth);
    const a = e.a * scale;
    const b = e.b * scale;
    const theta = ((e.degrees + turn) * Math.PI) / 180;
    const turnRadians = (turn * Math.PI) / 180;
    const cx = e.x * Math.cos(turnRadians) - e.y * Math.sin(turnRadians);
    const cy = e.x * Math.sin(turnRadians) + e.y * Math.cos(turnRadians);
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const reach = Math.max(a, b);
    const firstRow = Math.max(0, Math.floor((1 - (cy + reach)) * half));
    const lastRow = Math.min(size - 1, Math.ceil((1 - (cy - reach)) * half));
    const firstColumn = Math.max(0, Math.floor((cx - reach + 1) * half));
    const lastColumn = Math.min(size - 1, Math.ceil((cx + reach + 1) * half));
    for (let row = firstRow; row <= lastRow; row++) {
      const y = 1 - (row + 0.5) / half - cy;
      for (let column = firstColumn; column <= lastColumn; column++) {
        const x = (column + 0.5) / half - 1 - cx;
        const u = (x * cos + y * sin) / a;
        const v = (y * cos - x * sin) / b;
        if (u * u + v * v <= 1) out[row * size + column] = (out[row * size + column] as number) + e.value;
      }
    }
  }
  return out;
}
