import type { ImageFormat } from '@lucent/shared';
import sharp from 'sharp';
import { Errors } from '../errors/engine-error.js';
import type { DisplayPixels } from './display-pixels.js';

export interface RenderedImage {
  data: Uint8Array;
  format: ImageFormat;
  mimeType: string;
  width: number;
  height: number;
}

const MIME_TYPES: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
};

export interface EncodeOptions {
  format: ImageFormat;
  quality: number;
  /** Fit inside, aspect kept, never upscaled. */
  width?: number | undefined;
  height?: number | undefined;
}

/** Resize (Lanczos-3, fit inside, no enlargement) and encode with sharp. */
export async function encodeImage(pixels: DisplayPixels, options: EncodeOptions): Promise<RenderedImage> {
  try {
    let image = sharp(pixels.data, {
      raw: { width: pixels.width, height: pixels.height, channels: pixels.channels },
    });
    if (options.width !== undefined || options.height !== undefined) {
      image = image.resize({
        width: options.width ?? pixels.width,
        height: options.height ?? pixels.height,
        fit: 'inside',
        withoutEnlargement: true,
        kernel: 'lanczos3',
      });
    }
    const { quality } = options;
    switch (options.format) {
      case 'jpeg':
        image = image.jpeg({ quality });
        break;
      case 'png':
        image = image.png({ compressionLevel: 6 });
        break;
      case 'webp':
        image = image.webp({ quality });
        break;
      case 'avif':
        image = image.avif({ quality, effort: 2 });
        break;
    }
    const { data, info } = await image.toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      format: options.format,
      mimeType: MIME_TYPES[options.format],
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    throw Errors.renderFailed(error instanceof Error ? error.message : 'image encoder failed', error);
  }
}
