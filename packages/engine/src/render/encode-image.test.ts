import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isEngineError } from '../errors/engine-error.js';
import type { DisplayPixels } from './display-pixels.js';
import { encodeImage } from './encode-image.js';
import { jpegTurbo } from './jpeg-turbo.js';

/** A smooth disc on a dark ground with a little deterministic texture, like a windowed CT slice. */
function phantom(width: number, height: number, channels: 1 | 3): DisplayPixels {
  const data = new Uint8Array(width * height * channels);
  let seed = 7;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const r = Math.hypot(x - width / 2, y - height / 2) / (Math.min(width, height) / 2);
      const base = r < 0.9 ? 90 + 80 * Math.cos(r * 3) + ((seed >>> 24) % 6) : 0;
      for (let c = 0; c < channels; c++)
        data[(y * width + x) * channels + c] = Math.max(0, Math.min(255, base + c * 20));
    }
  }
  return { data, channels, width, height };
}

/** The image decoded to raw samples, grey kept as one channel (sharp would otherwise give sRGB). */
async function decoded(jpeg: Uint8Array) {
  const { channels } = await sharp(jpeg).metadata();
  const image = sharp(jpeg);
  return (channels === 1 ? image.toColourspace('b-w') : image).raw().toBuffer({ resolveWithObject: true });
}

/** Peak signal-to-noise ratio of a decoded image against the pixels it was encoded from. */
function psnr(expected: Uint8Array, actual: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < expected.length; i++) sum += ((expected[i] ?? 0) - (actual[i] ?? 0)) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / expected.length));
}

describe('encodeImage', () => {
  it('has libjpeg-turbo on this platform (the full-size JPEG path does not fall back to sharp)', () => {
    expect(jpegTurbo()).not.toBeNull();
  });

  it('encodes full-size grey as a one-component JPEG that decodes back to the pixels', async () => {
    const pixels = phantom(512, 384, 1);
    const image = await encodeImage(pixels, { format: 'jpeg', quality: 90 });
    expect(image).toMatchObject({ format: 'jpeg', mimeType: 'image/jpeg', width: 512, height: 384 });
    expect([...image.data.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(await sharp(image.data).metadata()).toMatchObject({ width: 512, height: 384, channels: 1 });
    const { data, info } = await decoded(image.data);
    expect(info).toMatchObject({ width: 512, height: 384, channels: 1 });
    expect(psnr(pixels.data, data)).toBeGreaterThan(38);
  });

  it('encodes full-size RGB as a three-component JPEG with 4:2:0 chroma, close to the pixels', async () => {
    const pixels = phantom(320, 240, 3);
    const image = await encodeImage(pixels, { format: 'jpeg', quality: 90 });
    const metadata = await sharp(image.data).metadata();
    expect(metadata).toMatchObject({ width: 320, height: 240, channels: 3, chromaSubsampling: '4:2:0' });
    const { data } = await decoded(image.data);
    expect(psnr(pixels.data, data)).toBeGreaterThan(34);
  });

  it('follows the quality: lower quality, smaller file, further from the pixels', async () => {
    const pixels = phantom(256, 256, 1);
    const high = await encodeImage(pixels, { format: 'jpeg', quality: 95 });
    const low = await encodeImage(pixels, { format: 'jpeg', quality: 30 });
    expect(low.data.byteLength).toBeLessThan(high.data.byteLength);
    expect(psnr(pixels.data, (await decoded(low.data)).data)).toBeLessThan(
      psnr(pixels.data, (await decoded(high.data)).data),
    );
  });

  it('returns a buffer of its own for each image (no view of a reused encoder buffer)', async () => {
    const first = await encodeImage(phantom(64, 64, 1), { format: 'jpeg', quality: 90 });
    const copy = first.data.slice();
    await encodeImage(phantom(128, 32, 3), { format: 'jpeg', quality: 50 });
    expect(first.data).toEqual(copy);
    expect(first.data.byteLength).toBe(first.data.buffer.byteLength);
  });

  it('fits a resized JPEG inside the box (never upscaled)', async () => {
    const image = await encodeImage(phantom(512, 256, 1), { format: 'jpeg', quality: 90, width: 128, height: 128 });
    expect(image).toMatchObject({ width: 128, height: 64 });
    expect((await sharp(image.data).metadata()).channels).toBe(1);
    const same = await encodeImage(phantom(100, 50, 3), { format: 'jpeg', quality: 90, width: 128, height: 128 });
    expect(same).toMatchObject({ width: 100, height: 50 });
    const colour = await encodeImage(phantom(300, 200, 3), { format: 'jpeg', quality: 90, width: 120, height: 120 });
    expect(colour).toMatchObject({ width: 120, height: 80 });
    expect(await sharp(colour.data).metadata()).toMatchObject({ width: 120, height: 80, channels: 3 });
  });

  it('resizes as sharp does (Lanczos-3) before the JPEG encode: close to sharp resizing and encoding itself', async () => {
    const pixels = phantom(512, 512, 1);
    const image = await encodeImage(pixels, { format: 'jpeg', quality: 95, width: 128, height: 128 });
    const reference = await sharp(pixels.data, { raw: { width: 512, height: 512, channels: 1 } })
      .resize({ width: 128, height: 128, fit: 'inside', kernel: 'lanczos3' })
      .toColourspace('b-w')
      .raw()
      .toBuffer();
    expect(psnr(new Uint8Array(reference), (await decoded(image.data)).data)).toBeGreaterThan(38);
  });

  it('encodes PNG, WebP and AVIF through sharp', async () => {
    const pixels = phantom(64, 48, 1);
    for (const format of ['png', 'webp', 'avif'] as const) {
      const image = await encodeImage(pixels, { format, quality: 80 });
      expect(image.mimeType).toBe(`image/${format}`);
      expect((await sharp(image.data).metadata()).width).toBe(64);
    }
  });

  it('refuses pixels whose buffer does not match their size with RENDER_FAILED', async () => {
    const short = { data: new Uint8Array(100), channels: 1 as const, width: 16, height: 16 };
    const empty = { data: new Uint8Array(0), channels: 3 as const, width: 0, height: 0 };
    for (const pixels of [short, empty]) {
      const error = await encodeImage(pixels, { format: 'jpeg', quality: 90 }).catch((e: unknown) => e);
      expect(isEngineError(error) && error.code).toBe('RENDER_FAILED');
    }
  });
});
