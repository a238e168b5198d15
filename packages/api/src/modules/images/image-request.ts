import { createHash } from 'node:crypto';
import {
  AppError,
  ImageFormat,
  type ImageKind,
  parseWindowSpec,
  type RenderOptions,
  type WindowSpec,
} from '@lucent/shared';

/** A normalised image request: everything that changes the bytes of the answer, nothing else. */
export interface ImageRequest {
  kind: ImageKind;
  /** Zero-based (the URL's frames are numbered from 1). */
  frame: number;
  width?: number;
  height?: number;
  window?: WindowSpec;
  format: ImageFormat;
  quality: number;
}

/** Seconds a rendered image stays in the cache (and in the client's, via Cache-Control). */
export const IMAGE_TTL_SECONDS: { readonly [K in ImageKind]: number } = {
  thumbnail: 24 * 3600,
  preview: 2 * 3600,
  full: 3600,
  rendered: 3600,
};

const BOX: Partial<Record<ImageKind, number>> = { thumbnail: 128, preview: 800 };
const DEFAULT_QUALITY = 90;
/** Bump when rendering changes, so old cached images and ETags are not served for new renders. */
const RENDER_VERSION = 'r4';

function invalid(message: string, parameter: string): AppError {
  return new AppError('INVALID_RENDER_OPTIONS', { message, details: { parameter } });
}

function positiveInteger(value: string | undefined, parameter: string, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw invalid(`${parameter} must be a positive integer`, parameter);
  const number = Number(value);
  if (number < 1 || number > max) throw invalid(`${parameter} must be between 1 and ${max}`, parameter);
  return number;
}

/** `1.5` or `-20`: a finite number, or a 400. */
function finiteNumber(value: string, parameter: string): number {
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(number)) throw invalid(`${parameter} must be a number`, parameter);
  return number;
}

function windowOf(query: (name: string) => string | undefined): WindowSpec | undefined {
  const text = query('window');
  const center = query('window-center') ?? query('windowCenter');
  const width = query('window-width') ?? query('windowWidth');
  let window: WindowSpec | undefined;
  if (text !== undefined && text !== '') {
    window = parseWindowSpec(text);
    if (window === undefined) throw invalid('window must be C,W[,LINEAR|LINEAR_EXACT|SIGMOID]', 'window');
  } else if (center !== undefined || width !== undefined) {
    if (center === undefined || width === undefined) {
      throw invalid('window-center and window-width go together', 'window-center');
    }
    window = {
      center: finiteNumber(center, 'window-center'),
      width: finiteNumber(width, 'window-width'),
      function: 'LINEAR',
    };
  }
  if (window !== undefined && !(window.function === 'LINEAR' ? window.width >= 1 : window.width > 0)) {
    throw invalid(`window width ${window.width} is not valid for ${window.function}`, 'window');
  }
  return window;
}

const ACCEPTED: Array<{ type: string; format: ImageFormat }> = [
  { type: 'image/webp', format: 'webp' },
  { type: 'image/avif', format: 'avif' },
  { type: 'image/jpeg', format: 'jpeg' },
  { type: 'image/png', format: 'png' },
];

/**
 * The format from an Accept header: the highest-q of WebP, AVIF, JPEG and PNG named explicitly
 * (ties in that order: WebP encodes fastest of the small formats), JPEG for wildcards or nothing.
 */
export function formatFromAccept(accept: string | undefined): ImageFormat {
  if (accept === undefined) return 'jpeg';
  let best: { format: ImageFormat; q: number; rank: number } | undefined;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const qParam = params.find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!(q > 0)) continue;
    const rank = ACCEPTED.findIndex((candidate) => candidate.type === type);
    const candidate = ACCEPTED[rank];
    if (candidate === undefined) continue;
    if (best === undefined || q > best.q || (q === best.q && rank < best.rank))
      best = { format: candidate.format, q, rank };
  }
  return best?.format ?? 'jpeg';
}

/** Read an image request from the route's kind, query and Accept header. Bad values → 400. */
export function parseImageRequest(
  kind: ImageKind,
  query: (name: string) => string | undefined,
  accept: string | undefined,
): ImageRequest {
  const frame = (positiveInteger(query('frame'), 'frame', 1_000_000) ?? 1) - 1;
  const formatText = query('format');
  let format: ImageFormat;
  if (formatText !== undefined && formatText !== '') {
    const parsed = ImageFormat.safeParse(formatText.toLowerCase() === 'jpg' ? 'jpeg' : formatText.toLowerCase());
    if (!parsed.success) throw invalid('format must be jpeg, png, webp or avif', 'format');
    format = parsed.data;
  } else {
    format = formatFromAccept(accept);
  }
  const quality = positiveInteger(query('quality'), 'quality', 100) ?? DEFAULT_QUALITY;
  const window = windowOf(query);
  const box = BOX[kind];
  const width = box ?? (kind === 'rendered' ? positiveInteger(query('width'), 'width', 16384) : undefined);
  const height = box ?? (kind === 'rendered' ? positiveInteger(query('height'), 'height', 16384) : undefined);
  return {
    kind,
    frame,
    ...(width === undefined ? {} : { width }),
    ...(height === undefined ? {} : { height }),
    ...(window === undefined ? {} : { window }),
    format,
    quality: format === 'png' ? DEFAULT_QUALITY : quality,
  };
}

/** The engine's render options for a request. */
export function renderOptionsOf(request: ImageRequest): RenderOptions {
  return {
    frame: request.frame,
    ...(request.width === undefined ? {} : { width: request.width }),
    ...(request.height === undefined ? {} : { height: request.height }),
    ...(request.window === undefined ? {} : { window: request.window }),
    format: request.format,
    quality: request.quality,
  };
}

/**
 * A short digest of the instance's bytes and the normalised parameters: the strong ETag's body and
 * the cache key's tail. `thumbnail` and a `rendered` asking for the same pixels share nothing, on
 * purpose: their TTLs differ.
 */
export function variantDigest(sha256: string, request: ImageRequest): string {
  const window =
    request.window === undefined ? '-' : `${request.window.center},${request.window.width},${request.window.function}`;
  const normal = [
    RENDER_VERSION,
    request.kind,
    request.frame,
    request.width ?? '-',
    request.height ?? '-',
    window,
    request.format,
    request.quality,
  ].join(';');
  return `${sha256.slice(0, 16)}-${createHash('sha256').update(normal).digest('base64url').slice(0, 16)}`;
}

/** If-None-Match lists this ETag (or `*`)? Weak validators compare equal for GET (RFC 9110 13.1.2). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}
