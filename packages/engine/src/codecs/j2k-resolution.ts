import { Errors } from '../errors/engine-error.js';

/** The image area on the JPEG 2000 reference grid and how many times it can be halved. */
export interface J2kGeometry {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  decompositions: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Size of the image decoded `level` resolution levels down (ISO/IEC 15444-1 B.5: ceil on the grid). */
export function sizeAtLevel(geometry: J2kGeometry, level: number): Size {
  const d = 2 ** level;
  return {
    width: Math.ceil(geometry.x1 / d) - Math.ceil(geometry.x0 / d),
    height: Math.ceil(geometry.y1 / d) - Math.ceil(geometry.y0 / d),
  };
}

/**
 * The decomposition level to decode at for an image that will be shown fitted inside `fitWithin`
 * (aspect ratio kept, never upscaled, as RenderOptions width/height mean): the largest level, at
 * most the codestream's decomposition count, whose output is still at least the fitted size in
 * both dimensions, so the reduced image is only ever scaled down. 0 (full size) when the image
 * already fits or no `fitWithin` is given. Throws INVALID_RENDER_OPTIONS for a box that is not
 * positive and finite.
 */
export function chooseDecompositionLevel(geometry: J2kGeometry, fitWithin: Size | undefined): number {
  if (fitWithin === undefined) return 0;
  const { width, height } = fitWithin;
  if (!(Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0)) {
    throw Errors.invalidRenderOptions('fitWithin must be a positive, finite width and height');
  }
  const full = sizeAtLevel(geometry, 0);
  const scale = Math.min(width / full.width, height / full.height);
  if (scale >= 1) return 0;
  // Fitted size, rounded up so rounding in the renderer can never ask for more than we give.
  const target = { width: Math.ceil(full.width * scale - 1e-9), height: Math.ceil(full.height * scale - 1e-9) };
  for (let level = Math.max(0, Math.floor(geometry.decompositions)); level > 0; level--) {
    const size = sizeAtLevel(geometry, level);
    if (size.width >= target.width && size.height >= target.height) return level;
  }
  return 0;
}
