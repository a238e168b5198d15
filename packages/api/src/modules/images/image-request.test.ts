import { describe, expect, it } from 'vitest';
import { formatFromAccept, matchesIfNoneMatch, parseImageRequest, variantDigest } from './image-request.js';

const query = (values: Record<string, string>) => (name: string) => values[name];

describe('image request parsing', () => {
  it('fixes the box of thumbnails and previews and numbers frames from 1', () => {
    expect(parseImageRequest('thumbnail', query({ frame: '2' }), undefined)).toEqual({
      kind: 'thumbnail',
      frame: 1,
      width: 128,
      height: 128,
      format: 'jpeg',
      quality: 90,
    });
    expect(parseImageRequest('preview', query({}), undefined)).toMatchObject({ width: 800, height: 800 });
    expect(parseImageRequest('full', query({ width: '10' }), undefined)).not.toHaveProperty('width');
  });

  it('reads window=C,W,FN and Orthanc window-center/window-width alike', () => {
    const a = parseImageRequest('rendered', query({ window: '40,400' }), undefined);
    const b = parseImageRequest('rendered', query({ 'window-center': '40', 'window-width': '400' }), undefined);
    expect(a.window).toEqual({ center: 40, width: 400, function: 'LINEAR' });
    expect(variantDigest('ab'.repeat(32), a)).toBe(variantDigest('ab'.repeat(32), b));
    expect(parseImageRequest('rendered', query({ window: '40,400,sigmoid' }), undefined).window?.function).toBe(
      'SIGMOID',
    );
  });

  it('negotiates the format from Accept with q-values', () => {
    expect(formatFromAccept(undefined)).toBe('jpeg');
    expect(formatFromAccept('image/avif,image/webp,image/apng,*/*;q=0.8')).toBe('webp');
    expect(formatFromAccept('image/avif')).toBe('avif');
    expect(formatFromAccept('image/webp;q=0.5, image/png')).toBe('png');
    expect(formatFromAccept('image/webp;q=0, */*')).toBe('jpeg');
    expect(formatFromAccept('text/html')).toBe('jpeg');
  });

  it('gives different digests for different parameters or bytes', () => {
    const request = parseImageRequest('rendered', query({ width: '100' }), undefined);
    const other = parseImageRequest('rendered', query({ width: '101' }), undefined);
    expect(variantDigest('a'.repeat(64), request)).not.toBe(variantDigest('a'.repeat(64), other));
    expect(variantDigest('a'.repeat(64), request)).not.toBe(variantDigest('b'.repeat(64), request));
  });

  it('matches If-None-Match lists, weak forms and *', () => {
    expect(matchesIfNoneMatch('"x", "y"', '"y"')).toBe(true);
    expect(matchesIfNoneMatch('W/"y"', '"y"')).toBe(true);
    expect(matchesIfNoneMatch('*', '"y"')).toBe(true);
    expect(matchesIfNoneMatch('"z"', '"y"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, '"y"')).toBe(false);
  });
});
