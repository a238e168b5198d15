import { describe, expect, it } from 'vitest';
import { createLucentClient } from './create-lucent-client.js';

const SOP = '1.2.840.113619.2.55.3.604688119';

describe('image URL helpers', () => {
  const { images } = createLucentClient({ url: 'https://pacs.example.org/lucent/' });
  const base = `https://pacs.example.org/lucent/api/v1/images/${SOP}`;

  it('build the progressive image routes under the base URL', () => {
    expect(images.thumbnailUrl(SOP)).toBe(`${base}/thumbnail`);
    expect(images.previewUrl(SOP)).toBe(`${base}/preview`);
    expect(images.fullUrl(SOP)).toBe(`${base}/full`);
    expect(images.fileUrl(SOP)).toBe(`${base}/file`);
    expect(images.framePixelsUrl(SOP)).toBe(`${base}/frames/1/pixels`);
    expect(images.framePixelsUrl(SOP, 3)).toBe(`${base}/frames/3/pixels`);
  });

  it('puts only the rendering options given in the query, window as C,W[,FN]', () => {
    expect(images.renderedUrl(SOP)).toBe(`${base}/rendered`);
    expect(images.renderedUrl(SOP, { width: 256 })).toBe(`${base}/rendered?width=256`);
    expect(
      images.renderedUrl(SOP, {
        frame: 2,
        width: 512,
        height: 400,
        window: { center: -600, width: 1500, function: 'SIGMOID' },
        format: 'webp',
        quality: 80,
      }),
    ).toBe(`${base}/rendered?frame=2&width=512&height=400&window=-600,1500,SIGMOID&format=webp&quality=80`);
    expect(images.renderedUrl(SOP, { window: { center: 40.5, width: 400 } })).toBe(`${base}/rendered?window=40.5,400`);
  });

  it('escapes what is not a UID, so a path cannot climb out of the image routes', () => {
    expect(images.fileUrl('../../etc/passwd')).toBe(
      'https://pacs.example.org/lucent/api/v1/images/..%2F..%2Fetc%2Fpasswd/file',
    );
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => createLucentClient({ url: 'ftp://example.org' })).toThrow(/Not an http\(s\) URL/);
    expect(() => createLucentClient({ url: 'localhost:3000' })).toThrow();
  });
});
