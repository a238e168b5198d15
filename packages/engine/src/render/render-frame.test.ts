import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { toDisplayPixels } from './display-pixels.js';
import { noiseFrame, plainAttributes, syntheticFrame } from './render-fixtures.test-util.js';
import { parseRenderOptions, renderFrame } from './render-frame.js';

describe('resize', () => {
  it('fits inside width × height keeping the aspect ratio', async () => {
    const wide = await renderFrame(noiseFrame(512, 256), plainAttributes(), { width: 128, height: 128 });
    expect([wide.width, wide.height]).toEqual([128, 64]);
    const tall = await renderFrame(noiseFrame(100, 400), plainAttributes(), { height: 200 });
    expect([tall.width, tall.height]).toEqual([50, 200]);
  });

  it('never upscales', async () => {
    const small = await renderFrame(noiseFrame(64, 32), plainAttributes(), { width: 128, height: 128 });
    expect([small.width, small.height]).toEqual([64, 32]);
  });

  it('renders a frame decoded at reduced resolution at its decoded size', async () => {
    // A 1024 × 1024 image decoded two JPEG 2000 levels down arrives as 256 × 256.
    const frame: DecodedFrame = { ...noiseFrame(256, 256), reductionLevel: 2 };
    const image = await renderFrame(frame, plainAttributes(), { width: 300, height: 300 });
    expect([image.width, image.height]).toEqual([256, 256]);
  });
});

describe('encode', () => {
  it('writes JPEG, PNG, WebP and AVIF that decode back to the expected size', async () => {
    for (const format of ['jpeg', 'png', 'webp', 'avif'] as const) {
      const image = await renderFrame(noiseFrame(96, 48), plainAttributes(), { format, width: 48 });
      const meta = await sharp(image.data).metadata();
      expect(meta.format === 'heif' ? 'avif' : meta.format).toBe(format);
      expect([meta.width, meta.height, image.width, image.height]).toEqual([48, 24, 48, 24]);
      expect(image.format).toBe(format);
      expect(image.mimeType).toBe(`image/${format}`);
    }
  });

  it('keeps grey images single-channel in JPEG and PNG, colour in three', async () => {
    const jpeg = await renderFrame(noiseFrame(32, 32), plainAttributes(), { format: 'jpeg' });
    expect((await sharp(jpeg.data).metadata()).channels).toBe(1);
    const colour = syntheticFrame(new Uint8Array(8 * 8 * 3).fill(200), { columns: 8, samples: 3, photometric: 'RGB' });
    const png = await renderFrame(colour, plainAttributes(), { format: 'png' });
    expect((await sharp(png.data).metadata()).channels).toBe(3);
  });

  it('a PNG holds exactly the display pixels', async () => {
    const frame = noiseFrame(40, 30);
    const window = { center: 2000, width: 3000, function: 'SIGMOID' } as const;
    const image = await renderFrame(frame, plainAttributes(), { format: 'png', window });
    const decoded = await sharp(image.data).toColourspace('b-w').raw().toBuffer();
    expect(Buffer.compare(decoded, Buffer.from(toDisplayPixels(frame, plainAttributes(), window).data))).toBe(0);
  });

  it('JPEG quality changes the size', async () => {
    const low = await renderFrame(noiseFrame(256, 256), plainAttributes(), { quality: 10 });
    const high = await renderFrame(noiseFrame(256, 256), plainAttributes(), { quality: 95 });
    expect(low.data.length).toBeLessThan(high.data.length);
  });
});

describe('errors', () => {
  it('invalid options are INVALID_RENDER_OPTIONS', async () => {
    const frame = noiseFrame(8, 8);
    const bad: unknown[] = [
      { quality: 0 },
      { quality: 101 },
      { width: -1 },
      { width: 1.5 },
      { height: 20000 },
      { format: 'gif' },
      { window: { center: Number.NaN, width: 10 } },
      { window: { center: 0, width: 0 } },
      { window: { center: 0, width: 0.5, function: 'LINEAR' } },
      { window: { center: 0, width: -3, function: 'SIGMOID' } },
      null,
    ];
    for (const options of bad) {
      // biome-ignore lint/suspicious/noExplicitAny: deliberately ill-typed input, as from an untyped caller
      expect(await errorCodeOf(() => renderFrame(frame, plainAttributes(), options as any))).toBe(
        'INVALID_RENDER_OPTIONS',
      );
    }
  });

  it('parseRenderOptions rejects a bad window before any decoding', () => {
    expect(() => parseRenderOptions({ window: { center: 0, width: 0.5 } })).toThrow(/window.width/);
    expect(parseRenderOptions({ window: { center: 40, width: 400 } })).toMatchObject({
      frame: 0,
      format: 'jpeg',
      quality: 90,
      window: { center: 40, width: 400, function: 'LINEAR' },
    });
  });

  it('inconsistent frames are RENDER_FAILED, not raw errors', async () => {
    const short = { ...noiseFrame(8, 8), pixels: new Uint16Array(10) };
    expect(await errorCodeOf(() => renderFrame(short, plainAttributes(), {}))).toBe('RENDER_FAILED');
    const empty = syntheticFrame(new Uint16Array(0), { columns: 0 });
    expect(await errorCodeOf(() => renderFrame(empty, plainAttributes(), {}))).toBe('RENDER_FAILED');
    const fourSamples = { ...noiseFrame(2, 2), pixels: new Uint16Array(16) };
    fourSamples.info = { ...fourSamples.info, samplesPerPixel: 4 };
    expect(await errorCodeOf(() => renderFrame(fourSamples, plainAttributes(), {}))).toBe('RENDER_FAILED');
  });
});
