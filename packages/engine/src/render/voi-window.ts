import type { WindowSpec } from '@lucent/shared';

/**
 * The VOI LUT functions of PS3.3 C.11.2.1.2 mapping a modality value x to [ymin, ymax].
 *
 * LINEAR (C.11.2.1.2.1): the centre and width are offset by ½ and 1 so that a window of width W
 * spans W integer inputs. LINEAR_EXACT (C.11.2.1.2.2): the exact affine map ((x − c) / w + ½) —
 * the `+ ½` is the term Orthanc's and dcmjs-imaging's implementations omit. SIGMOID
 * (C.11.2.1.2.3): a logistic curve with slope set by the width.
 */
export function applyWindow(x: number, window: WindowSpec, ymin = 0, ymax = 255): number {
  const { center: c, width: w } = window;
  const range = ymax - ymin;
  switch (window.function) {
    case 'LINEAR_EXACT': {
      if (x <= c - w / 2) return ymin;
      if (x > c + w / 2) return ymax;
      return ((x - c) / w + 0.5) * range + ymin;
    }
    case 'SIGMOID':
      return range / (1 + Math.exp((-4 * (x - c)) / w)) + ymin;
    default: {
      const low = c - 0.5 - (w - 1) / 2;
      const high = c - 0.5 + (w - 1) / 2;
      if (x <= low) return ymin;
      if (x > high) return ymax;
      return ((x - (c - 0.5)) / (w - 1) + 0.5) * range + ymin;
    }
  }
}

/** LINEAR needs a width ≥ 1, the others a width > 0 (PS3.3 C.11.2.1.2). */
export function isValidWindow(window: WindowSpec): boolean {
  if (!Number.isFinite(window.center) || !Number.isFinite(window.width)) return false;
  return window.function === 'LINEAR' ? window.width >= 1 : window.width > 0;
}
