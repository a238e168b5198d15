import type { WindowSpec } from '@lucent/shared';

/**
 * The VOI LUT functions of PS3.3 C.11.2.1.2, mapping a modality value x with window centre c and
 * width w to [ymin, ymax].
 */

/** LINEAR (C.11.2.1.2.1): centre and width offset by ½ and 1, so a width of W spans W integer inputs. */
export function linearWindow(x: number, c: number, w: number, ymin = 0, ymax = 255): number {
  if (x <= c - 0.5 - (w - 1) / 2) return ymin;
  if (x > c - 0.5 + (w - 1) / 2) return ymax;
  return ((x - (c - 0.5)) / (w - 1) + 0.5) * (ymax - ymin) + ymin;
}

/**
 * LINEAR_EXACT (C.11.2.1.2.2): the exact affine map. The standard keeps the `+ 0.5` term that
 * Orthanc's and dcmjs-imaging's implementations omit.
 */
export function linearExactWindow(x: number, c: number, w: number, ymin = 0, ymax = 255): number {
  if (x <= c - w / 2) return ymin;
  if (x > c + w / 2) return ymax;
  return ((x - c) / w + 0.5) * (ymax - ymin) + ymin;
}

/** SIGMOID (C.11.2.1.2.3): a logistic curve whose slope the width sets. */
export function sigmoidWindow(x: number, c: number, w: number, ymin = 0, ymax = 255): number {
  return (ymax - ymin) / (1 + Math.exp((-4 * (x - c)) / w)) + ymin;
}

/** Apply a window with its VOI LUT Function. */
export function applyWindow(x: number, window: WindowSpec, ymin = 0, ymax = 255): number {
  switch (window.function) {
    case 'LINEAR_EXACT':
      return linearExactWindow(x, window.center, window.width, ymin, ymax);
    case 'SIGMOID':
      return sigmoidWindow(x, window.center, window.width, ymin, ymax);
    default:
      return linearWindow(x, window.center, window.width, ymin, ymax);
  }
}

/** LINEAR needs a width ≥ 1, LINEAR_EXACT and SIGMOID a width > 0 (PS3.3 C.11.2.1.2). */
export function isValidWindow(window: WindowSpec): boolean {
  if (!Number.isFinite(window.center) || !Number.isFinite(window.width)) return false;
  return window.function === 'LINEAR' ? window.width >= 1 : window.width > 0;
}
