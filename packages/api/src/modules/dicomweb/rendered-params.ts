import { AppError, type ImageFormat, parseWindowSpec, type RenderOptionsInput } from '@lucent/shared';
import { covers, notAcceptable, parseAccept } from './media-type.js';

const formats: Array<[string, ImageFormat]> = [
  ['image/jpeg', 'jpeg'],
  ['image/png', 'png'],
  ['image/webp', 'webp'],
  ['image/avif', 'avif'],
];

function invalid(parameter: string, message: string): AppError {
  return new AppError('INVALID_RENDER_OPTIONS', { message, details: { parameter } });
}

/** The image format from the `accept` query parameter or the Accept header; JPEG for `*\/*`, `image/*`. */
export function renderedFormat(
  acceptHeader: string | undefined,
  acceptParam: string | undefined,
): {
  format: ImageFormat;
  contentType: string;
} {
  const accept = acceptParam ?? acceptHeader;
  for (const range of parseAccept(accept)) {
    const found = formats.find(([type]) => covers(range.type, type));
    if (found !== undefined) return { contentType: found[0], format: found[1] };
  }
  throw notAcceptable(
    accept ?? '',
    formats.map(([type]) => type),
  );
}

/**
 * PS3.18 8.3.5.1 rendering parameters: `viewport=vw,vh` (fit inside, aspect kept), `window=C,W[,FN]`
 * with FN linear | linear-exact | sigmoid, `quality=1..100`. Bad values → 400 INVALID_RENDER_OPTIONS.
 */
export function renderedOptions(
  query: (name: string) => string | undefined,
  defaults: { viewport?: [number, number] } = {},
) {
  const options: Omit<RenderOptionsInput, 'format' | 'frame'> = {};
  const viewport = query('viewport');
  if (viewport !== undefined) {
    const parts = viewport.split(',').map((part) => part.trim());
    const [width, height] = parts.map(Number);
    if (parts.length !== 2 || !isSize(width) || !isSize(height)) {
      throw invalid('viewport', 'viewport must be two positive integers vw,vh (source regions are not supported)');
    }
    options.width = width;
    options.height = height;
  } else if (defaults.viewport !== undefined) {
    [options.width, options.height] = defaults.viewport;
  }
  const window = query('window');
  if (window !== undefined) {
    const [center, width, fn] = window.split(',');
    const spec = parseWindowSpec(
      [center, width, fn?.replace(/-/g, '_')].filter((part) => part !== undefined).join(','),
    );
    if (spec === undefined || spec.width <= 0)
      throw invalid('window', 'window must be center,width[,linear|linear-exact|sigmoid]');
    options.window = spec;
  }
  const quality = query('quality');
  if (quality !== undefined) {
    const value = Number(quality);
    if (!Number.isInteger(value) || value < 1 || value > 100)
      throw invalid('quality', 'quality must be an integer 1..100');
    options.quality = value;
  }
  return options;
}

const isSize = (value: number | undefined): value is number =>
  value !== undefined && Number.isInteger(value) && value > 0 && value <= 16384;
