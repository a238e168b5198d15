import type { ImageFormat, VoiLutFunction } from '@lucent/shared';

/** Options of `/rendered`; frames are numbered from 1, as in DICOMweb. */
export interface RenderedImageOptions {
  frame?: number;
  /** Fit inside width × height, keeping the aspect ratio. */
  width?: number;
  height?: number;
  window?: { center: number; width: number; function?: VoiLutFunction };
  /** Default: from the Accept header (JPEG for a plain request). */
  format?: ImageFormat;
  /** 1–100 for jpeg, webp and avif. */
  quality?: number;
}

/** URLs of the progressive image routes, `/api/v1/images/{sopInstanceUid}/…`, for `<img src>` or fetch. */
export interface ImageUrls {
  /** Fits 128×128. */
  thumbnailUrl(sopInstanceUid: string): string;
  /** Fits 800×800. */
  previewUrl(sopInstanceUid: string): string;
  /** Full resolution, 8-bit. */
  fullUrl(sopInstanceUid: string): string;
  renderedUrl(sopInstanceUid: string, options?: RenderedImageOptions): string;
  /** Decoded native pixels (little-endian), image attributes in the response headers. Frames from 1. */
  framePixelsUrl(sopInstanceUid: string, frame?: number): string;
  /** The stored DICOM file. */
  fileUrl(sopInstanceUid: string): string;
}

/** The query string of `/rendered`: only the options given, in a stable order (so URLs cache well). */
export function renderedQuery(options: RenderedImageOptions): string {
  const query = new URLSearchParams();
  if (options.frame !== undefined) query.set('frame', String(options.frame));
  if (options.width !== undefined) query.set('width', String(options.width));
  if (options.height !== undefined) query.set('height', String(options.height));
  if (options.window !== undefined) {
    const { center, width, function: fn } = options.window;
    query.set('window', fn === undefined ? `${center},${width}` : `${center},${width},${fn}`);
  }
  if (options.format !== undefined) query.set('format', options.format);
  if (options.quality !== undefined) query.set('quality', String(options.quality));
  const text = query.toString().replaceAll('%2C', ',');
  return text === '' ? '' : `?${text}`;
}

export function createImageUrls(baseUrl: string): ImageUrls {
  const image = (sopInstanceUid: string, rest: string) =>
    `${baseUrl}/api/v1/images/${encodeURIComponent(sopInstanceUid)}/${rest}`;
  return {
    thumbnailUrl: (sop) => image(sop, 'thumbnail'),
    previewUrl: (sop) => image(sop, 'preview'),
    fullUrl: (sop) => image(sop, 'full'),
    renderedUrl: (sop, options = {}) => image(sop, `rendered${renderedQuery(options)}`),
    framePixelsUrl: (sop, frame = 1) => image(sop, `frames/${frame}/pixels`),
    fileUrl: (sop) => image(sop, 'file'),
  };
}
