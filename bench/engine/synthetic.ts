import {
  Errors,
  type FrameInfo,
  gaussian,
  type RenderingAttributes,
  seededRandom,
  TransferSyntax,
} from '@lucent/engine';

/** A synthetic 16-bit CT-like frame, with what decoding and rendering need to know about it. */
export interface SyntheticFrame {
  name: string;
  pixels: Uint16Array;
  /** Native (uncompressed) frame info; encoded variants swap the transfer syntax. */
  frameInfo: FrameInfo;
  attributes: RenderingAttributes;
}

interface Ellipse {
  density: number;
  /** Semi-axes and centre in units of the half-width of the image, rotation in degrees. */
  a: number;
  b: number;
  x: number;
  y: number;
  degrees: number;
}

/** The modified Shepp–Logan head phantom (Toft), densities 0…1. */
const sheppLogan: readonly Ellipse[] = [
  { density: 1, a: 0.69, b: 0.92, x: 0, y: 0, degrees: 0 },
  { density: -0.8, a: 0.6624, b: 0.874, x: 0, y: -0.0184, degrees: 0 },
  { density: -0.2, a: 0.11, b: 0.31, x: 0.22, y: 0, degrees: -18 },
  { density: -0.2, a: 0.16, b: 0.41, x: -0.22, y: 0, degrees: 18 },
  { density: 0.1, a: 0.21, b: 0.25, x: 0, y: 0.35, degrees: 0 },
  { density: 0.1, a: 0.046, b: 0.046, x: 0, y: 0.1, degrees: 0 },
  { density: 0.1, a: 0.046, b: 0.046, x: 0, y: -0.1, degrees: 0 },
  { density: 0.1, a: 0.046, b: 0.023, x: -0.08, y: -0.605, degrees: 0 },
  { density: 0.1, a: 0.023, b: 0.023, x: 0, y: -0.606, degrees: 0 },
  { density: 0.1, a: 0.023, b: 0.046, x: 0.06, y: -0.605, degrees: 0 },
];

/** Stored value = offset + density × scale + noise, in 12 bits stored. */
const storedOffset = 100;
const storedScale = 3000;
const noiseSigma = 12;
const bitsStored = 12;

export { seededRandom };

/** Add one ellipse's density to `density` (size × size, row-major), visiting only its bounding box. */
function addEllipse(density: Float32Array, size: number, ellipse: Ellipse): void {
  const half = size / 2;
  const theta = (ellipse.degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const reach = Math.max(ellipse.a, ellipse.b);
  const first = Math.max(0, Math.floor((1 - (ellipse.y + reach)) * half));
  const last = Math.min(size - 1, Math.ceil((1 - (ellipse.y - reach)) * half));
  const left = Math.max(0, Math.floor((ellipse.x - reach + 1) * half));
  const right = Math.min(size - 1, Math.ceil((ellipse.x + reach + 1) * half));
  for (let row = first; row <= last; row++) {
    const y = 1 - (row + 0.5) / half - ellipse.y;
    for (let column = left; column <= right; column++) {
      const x = (column + 0.5) / half - 1 - ellipse.x;
      const u = (x * cos + y * sin) / ellipse.a;
      const v = (y * cos - x * sin) / ellipse.b;
      if (u * u + v * v <= 1) density[row * size + column] = (density[row * size + column] as number) + ellipse.density;
    }
  }
}

/**
 * A size × size MONOCHROME2 phantom: Shepp–Logan ellipses plus Gaussian noise, 16 bits allocated,
 * 12 stored, unsigned. The same seed always gives the same pixels.
 */
export function phantomFrame(size: number, seed = 1): SyntheticFrame {
  if (!Number.isInteger(size) || size < 8 || size > 8192) {
    throw Errors.invalidPixelModule(`phantom size must be an integer from 8 to 8192, got ${size}`);
  }
  const density = new Float32Array(size * size);
  for (const ellipse of sheppLogan) addEllipse(density, size, ellipse);
  const noise = gaussian(seededRandom(seed));
  const max = 2 ** bitsStored - 1;
  const pixels = new Uint16Array(size * size);
  for (let i = 0; i < pixels.length; i++) {
    const value = Math.round(storedOffset + (density[i] as number) * storedScale + noise() * noiseSigma);
    pixels[i] = Math.min(max, Math.max(0, value));
  }
  return {
    name: `phantom ${size}²`,
    pixels,
    frameInfo: {
      transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
      rows: size,
      columns: size,
      samplesPerPixel: 1,
      bitsAllocated: 16,
      bitsStored,
      pixelRepresentation: 0,
      photometricInterpretation: 'MONOCHROME2',
      planarConfiguration: 0,
    },
    attributes: {
      photometricInterpretation: 'MONOCHROME2',
      bitsStored,
      pixelRepresentation: 0,
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      windows: [{ center: -200, width: 1000, function: 'LINEAR' }],
      voiLuts: [],
    },
  };
}
