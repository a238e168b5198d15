import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createEngine, decodeFrame, parseDicom } from '@lucent/engine';
import { ImageCacheInvalidation, ImageCacheStats, IngestFileResult } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFsBlobStore } from '../../storage/fs-blob-store.js';
import { corpusFile } from '../../testing/corpus.test-util.js';
import { errorCodeOf, jsonOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { bytesOf, imageSize } from './image-size.test-util.js';

const CT = 'CT1_UNC.explicit_little_endian.dcm';
const RLE_TWO_FRAMES = 'CT0012.not_fragmented_bot_rle.dcm';
const TALL_J2K = 'JPEG2000.dcm'; // 256 wide, 1024 high

async function upload(app: TestApp, bytes: Uint8Array, query = ''): Promise<IngestFileResult> {
  const response = await app.app.request(`/api/v1/instances${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/dicom' },
    body: bytes,
  });
  expect(response.status).toBeLessThan(300);
  return jsonOf(response, IngestFileResult);
}

/** The file cut just before its Pixel Data element: a storable instance with no pixels. */
function withoutPixelData(bytes: Uint8Array): Uint8Array {
  const first = parseDicom(bytes).frames[0];
  if (first === undefined) throw new Error('no pixel data to remove');
  return bytes.slice(0, first.offset - 12);
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(['real', 'embedded'] as const)('progressive images (%s backend)', (backend) => {
  let app: TestApp;
  const uids: Record<string, string> = {};
  const get = (path: string, headers: Record<string, string> = {}) => app.app.request(path, { headers });
  const stats = async () => jsonOf(await get('/api/v1/images/cache-stats'), ImageCacheStats);

  beforeAll(async () => {
    app = await createTestApp({ backend, env: { PRERENDER_THUMBNAILS: 'false' } });
    for (const file of [CT, RLE_TWO_FRAMES, TALL_J2K, 'CT_small.dcm']) {
      uids[file] = (await upload(app, await corpusFile(file))).sopInstanceUid ?? '';
    }
    uids.noPixels = (await upload(app, withoutPixelData(await corpusFile('MR_small.dcm')))).sopInstanceUid ?? '';
    await app.services.events.idle();
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('serves a JPEG thumbnail that fits 128×128 with a strong ETag and Cache-Control', async () => {
    const response = await get(`/api/v1/images/${uids[CT]}/thumbnail`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('private, max-age=86400');
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{16}-[A-Za-z0-9_-]{16}"$/);
    expect(imageSize(await bytesOf(response))).toEqual({ width: 128, height: 128 });
  });

  it('returns 304 when the ETag matches, without rendering', async () => {
    const first = await get(`/api/v1/images/${uids[CT]}/preview`);
    const etag = first.headers.get('etag') ?? '';
    const before = await stats();
    const again = await get(`/api/v1/images/${uids[CT]}/preview`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    const after = await stats();
    expect(after.renders).toBe(before.renders);
    expect(after.rendered.hits).toBe(before.rendered.hits);
  });

  it('fits the preview in 800×800 and serves full resolution, never enlarging', async () => {
    const preview = await get(`/api/v1/images/${uids[TALL_J2K]}/preview`);
    expect(imageSize(await bytesOf(preview))).toEqual({ width: 200, height: 800 });
    const full = await get(`/api/v1/images/${uids[TALL_J2K]}/full`);
    expect(imageSize(await bytesOf(full))).toEqual({ width: 256, height: 1024 });
    const small = await get(`/api/v1/images/${uids['CT_small.dcm']}/preview`);
    expect(imageSize(await bytesOf(small))).toEqual({ width: 128, height: 128 });
  });

  it('follows format= and the Accept header (WebP when accepted, PNG when asked)', async () => {
    const base = `/api/v1/images/${uids[CT]}/rendered?width=64`;
    const webp = await get(base, { accept: 'image/avif,image/webp,*/*' });
    expect(webp.headers.get('content-type')).toBe('image/webp');
    expect(new TextDecoder().decode((await bytesOf(webp)).subarray(8, 12))).toBe('WEBP');
    const avif = await get(base, { accept: 'image/avif' });
    expect(avif.headers.get('content-type')).toBe('image/avif');
    const png = await get(`${base}&format=png`, { accept: 'image/webp' });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(imageSize(await bytesOf(png))).toEqual({ width: 64, height: 64 });
    const jpeg = await get(base, { accept: '*/*' });
    expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
    expect(new Set([webp, avif, png, jpeg].map((r) => r.headers.get('etag'))).size).toBe(4);
  });

  it('renders a window given as window=C,W,FN or as Orthanc window-center/window-width', async () => {
    const uid = uids[CT];
    const a = await bytesOf(await get(`/api/v1/images/${uid}/rendered?window=40,400&width=128`));
    const b = await bytesOf(await get(`/api/v1/images/${uid}/rendered?window-center=40&window-width=400&width=128`));
    const c = await bytesOf(await get(`/api/v1/images/${uid}/rendered?window=40,400,SIGMOID&width=128`));
    expect(sha(a)).toBe(sha(b));
    expect(sha(a)).not.toBe(sha(c));
  });

  it('answers bad parameters with 400 INVALID_RENDER_OPTIONS or FRAME_OUT_OF_RANGE', async () => {
    const uid = uids[RLE_TWO_FRAMES];
    for (const query of [
      'window=abc',
      'window=40,0',
      'format=gif',
      'quality=0',
      'width=-3',
      'frame=x',
      'window-center=40',
    ]) {
      const response = await get(`/api/v1/images/${uid}/rendered?${query}`);
      expect(response.status, query).toBe(400);
      expect(await errorCodeOf(response), query).toBe('INVALID_RENDER_OPTIONS');
    }
    const past = await get(`/api/v1/images/${uid}/rendered?frame=3`);
    expect(past.status).toBe(400);
    expect(await errorCodeOf(past)).toBe('FRAME_OUT_OF_RANGE');
    const second = await get(`/api/v1/images/${uid}/rendered?frame=2&format=png`);
    expect(second.status).toBe(200);
  });

  it('answers 404 for an unknown instance, 400 INVALID_UID for a malformed one, 422 without pixels', async () => {
    const unknown = await get('/api/v1/images/1.2.3.4.5.6.7/thumbnail');
    expect(unknown.status).toBe(404);
    expect(await errorCodeOf(unknown)).toBe('NOT_FOUND');
    const malformed = await get('/api/v1/images/1.2.abc/thumbnail');
    expect(malformed.status).toBe(400);
    expect(await errorCodeOf(malformed)).toBe('INVALID_UID');
    const noPixels = await get(`/api/v1/images/${uids.noPixels}/thumbnail`);
    expect(noPixels.status).toBe(422);
    expect(await errorCodeOf(noPixels)).toBe('NO_PIXEL_DATA');
  });

  it('returns one frame of decoded pixels, little-endian, with the attributes in headers', async () => {
    const bytes = await corpusFile(RLE_TWO_FRAMES);
    const expected = await decodeFrame(parseDicom(bytes), 1);
    const response = await get(`/api/v1/images/${uids[RLE_TWO_FRAMES]}/frames/2/pixels`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-rows')).toBe('512');
    expect(response.headers.get('x-columns')).toBe('512');
    expect(response.headers.get('x-bits-allocated')).toBe('16');
    expect(response.headers.get('x-pixel-representation')).toBe(String(expected.info.pixelRepresentation));
    expect(response.headers.get('x-samples-per-pixel')).toBe('1');
    expect(response.headers.get('x-photometric-interpretation')).toBe('MONOCHROME2');
    const body = await bytesOf(response);
    expect(sha(body)).toBe(
      sha(new Uint8Array(expected.pixels.buffer, expected.pixels.byteOffset, expected.pixels.byteLength)),
    );
    const native = await get(`/api/v1/images/${uids['CT_small.dcm']}/frames/1/pixels`);
    expect((await bytesOf(native)).byteLength).toBe(128 * 128 * 2);
    for (const frame of ['0', '3']) {
      const bad = await get(`/api/v1/images/${uids[RLE_TWO_FRAMES]}/frames/${frame}/pixels`);
      expect(bad.status).toBe(400);
      expect(await errorCodeOf(bad)).toBe('FRAME_OUT_OF_RANGE');
    }
  });

  it('returns the stored file as application/dicom', async () => {
    const response = await get(`/api/v1/images/${uids['CT_small.dcm']}/file`);
    expect(response.headers.get('content-type')).toBe('application/dicom');
    expect(sha(await bytesOf(response))).toBe(sha(await corpusFile('CT_small.dcm')));
  });

  it('serves a repeated request from the render cache and counts it', async () => {
    const path = `/api/v1/images/${uids[CT]}/rendered?window=50,350&width=200`;
    const before = await stats();
    const first = await bytesOf(await get(path));
    const second = await bytesOf(await get(path));
    const after = await stats();
    expect(sha(first)).toBe(sha(second));
    expect(after.renders - before.renders).toBe(1);
    expect(after.rendered.hits - before.rendered.hits).toBe(1);
    expect(after.rendered.entries).toBeGreaterThan(0);
    expect(after.rendered.kind).toBe(backend === 'real' ? 'redis' : 'memory');
  });

  it('answers a cached image without making an AbortSignal (one per request costs Node 20 full GCs)', async () => {
    const path = `/api/v1/images/${uids[CT]}/rendered?window=60,360&width=100`;
    const made = vi.spyOn(AbortController.prototype, 'signal', 'get');
    // Signals made while answering `path`, beyond those of the test's own Request objects (counted on
    // a route that never asks for one).
    const signalsFor = async (route: string) => {
      const before = made.mock.calls.length;
      await bytesOf(await get(route));
      return made.mock.calls.length - before;
    };
    try {
      const baseline = await signalsFor('/api/v1/images/cache-stats');
      expect(await signalsFor(path)).toBeGreaterThan(baseline); // rendered: the engine call takes it
      expect(await signalsFor(path)).toBe(baseline); // cached
    } finally {
      made.mockRestore();
    }
  });

  it('reuses the decoded frame for another window of the same frame', async () => {
    const uid = uids[RLE_TWO_FRAMES];
    await get(`/api/v1/images/${uid}/rendered?frame=2&window=40,400`);
    const before = await stats();
    const response = await get(`/api/v1/images/${uid}/rendered?frame=2&window=300,1500`);
    expect(response.status).toBe(200);
    const after = await stats();
    expect(after.frames.hits - before.frames.hits).toBe(1);
    expect(after.frames.entries).toBeGreaterThan(0);
  });

  it('renders once for N concurrent requests of the same uncached image (single-flight)', async () => {
    const path = `/api/v1/images/${uids[TALL_J2K]}/rendered?window=1000,2000&width=300`;
    const before = await stats();
    const completedBefore = app.services.engine.stats().completed;
    const responses = await Promise.all(Array.from({ length: 8 }, () => get(path)));
    const bodies = await Promise.all(responses.map(bytesOf));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(new Set(bodies.map(sha)).size).toBe(1);
    const after = await stats();
    expect(after.renders - before.renders).toBe(1);
    expect(app.services.engine.stats().completed - completedBefore).toBe(1);
  });

  it('drops an instance’s cached images on invalidate-cache', async () => {
    const uid = uids[CT];
    await get(`/api/v1/images/${uid}/thumbnail`);
    const response = await app.app.request(`/api/v1/images/${uid}/invalidate-cache`, { method: 'POST' });
    expect(response.status).toBe(200);
    const result = await jsonOf(response, ImageCacheInvalidation);
    expect(result.rendered).toBeGreaterThan(0);
    const before = await stats();
    await get(`/api/v1/images/${uid}/thumbnail`);
    expect((await stats()).renders - before.renders).toBe(1);
    const unknown = await app.app.request('/api/v1/images/1.2.3.4.5/invalidate-cache', { method: 'POST' });
    expect(unknown.status).toBe(404);
  });

  it('invalidates when the instance is overwritten: new bytes, new ETag', async () => {
    const bytes = await corpusFile('CT_small.dcm');
    const uid = uids['CT_small.dcm'];
    const before = await get(`/api/v1/images/${uid}/thumbnail`);
    const changed = bytes.slice();
    changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 0xff;
    expect((await upload(app, changed, '?overwrite=true')).outcome).toBe('overwritten');
    await app.services.events.idle();
    const after = await get(`/api/v1/images/${uid}/thumbnail`, { 'if-none-match': before.headers.get('etag') ?? '' });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
  });
});

describe('thumbnails pre-rendered at ingest', () => {
  it('answers the first thumbnail request from the cache', async () => {
    const app = await createTestApp({ backend: 'embedded' });
    try {
      const result = await upload(app, await corpusFile('MR_small.dcm'));
      await app.services.events.idle();
      const before = await jsonOf(await app.app.request('/api/v1/images/cache-stats'), ImageCacheStats);
      expect(before.renders).toBe(1);
      const response = await app.app.request(`/api/v1/images/${result.sopInstanceUid}/thumbnail`);
      expect(response.status).toBe(200);
      const after = await jsonOf(await app.app.request('/api/v1/images/cache-stats'), ImageCacheStats);
      expect(after.renders).toBe(1);
      expect(after.rendered.hits).toBe(1);
    } finally {
      await app.dispose();
    }
  }, 120_000);
});

describe('engine overload', () => {
  it('answers 503 ENGINE_OVERLOADED with Retry-After when the engine queue is full', async () => {
    const engine = createEngine({ threads: 1, maxQueue: 1 });
    const app = await createTestApp({ backend: 'embedded', engine, env: { PRERENDER_THUMBNAILS: 'false' } });
    try {
      const result = await upload(app, await corpusFile('JPEG2000.dcm'));
      await app.services.events.idle();
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          app.app.request(`/api/v1/images/${result.sopInstanceUid}/rendered?window=${100 + i},500`),
        ),
      );
      const overloaded = responses.filter((response) => response.status === 503);
      expect(overloaded.length).toBeGreaterThan(0);
      expect(overloaded[0]?.headers.get('retry-after')).toBe('1');
      expect(await errorCodeOf(overloaded[0] as Response)).toBe('ENGINE_OVERLOADED');
      expect(responses.every((response) => response.status === 200 || response.status === 503)).toBe(true);
    } finally {
      await app.dispose();
      await engine.close();
    }
  }, 120_000);
});

describe('frames read by the engine workers', () => {
  let app: TestApp;
  beforeAll(async () => {
    // No render or decoded-frame cache: every request reads its frame from the stored file.
    app = await createTestApp({
      backend: 'real',
      env: { PRERENDER_THUMBNAILS: 'false', FRAME_CACHE_MAX_BYTES: '1', RENDER_CACHE_MAX_ITEM_BYTES: '1' },
    });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('reads the frame again when another process replaced the stored file since it was located', async () => {
    const bytes = await corpusFile(CT);
    const uid = (await upload(app, bytes)).sopInstanceUid ?? '';
    const path = `/api/v1/images/${uid}/rendered?window=40,400&format=png`;
    const before = await app.app.request(path);
    expect(before.status).toBe(200);
    const first = await bytesOf(before);
    // Another API process sharing DATA_DIR rewrites the same file: a new file id and data key.
    const instance = await app.services.images.instances.get(uid);
    const other = createFsBlobStore(join(app.env.DATA_DIR, 'files'), {
      ring: () => app.services.keys.dataRing,
      encryptWrites: true,
    });
    await other.put(instance.storageKey, await app.services.storage.get(instance.storageKey));
    const after = await app.app.request(path);
    expect(after.status).toBe(200);
    expect(sha(await bytesOf(after))).toBe(sha(first));
    // …and later requests use the new location.
    const again = await app.app.request(path);
    expect(sha(await bytesOf(again))).toBe(sha(first));
  });
});
