import { createHash } from 'node:crypto';
import { decodeFrame, parseDicom, renderFrame } from '@lucent/engine';
import { IngestFileResult } from '@lucent/shared';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../testing/corpus.test-util.js';
import { jsonOf } from '../../testing/http.test-util.js';
import { createTestApp } from '../../testing/test-app.test-util.js';
import {
  decodeDerivedFrame,
  derivedKeyOf,
  encodeDerivedFrame,
  REDUCED_COPY_BOX,
  reducedKeyOf,
} from './derived-frames.js';
import { bytesOf } from './image-size.test-util.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function ingest(app: Awaited<ReturnType<typeof createTestApp>>, bytes: Uint8Array): Promise<string> {
  const response = await app.app.request('/api/v1/instances', {
    method: 'POST',
    headers: { 'content-type': 'application/dicom' },
    body: bytes,
  });
  const { sopInstanceUid = '' } = await jsonOf(response, IngestFileResult);
  await app.services.events.idle();
  return sopInstanceUid;
}

describe('decoded copies of JPEG 2000 frames', () => {
  it('round-trips a decoded frame with its palette LUTs through the copy format', async () => {
    const parsed = parseDicom(await corpusFile('examples_palette.dcm'));
    const frame = await decodeFrame(parsed, 0);
    const attributes = parsed.renderingAttributes(0);
    const copy = encodeDerivedFrame({ frame, attributes }, 'c'.repeat(64));
    const back = decodeDerivedFrame(copy, 'c'.repeat(64));
    expect(back?.frame.info).toEqual(frame.info);
    expect(back?.frame.pixels.constructor).toBe(frame.pixels.constructor);
    expect(back?.frame.pixels.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(back?.attributes).toEqual(attributes);
    expect(decodeDerivedFrame(copy, 'd'.repeat(64))).toBeUndefined(); // a copy of another version
    expect(decodeDerivedFrame(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), 'c'.repeat(64))).toBeUndefined();
  });

  it('writes a copy per frame after ingest and serves the full render from it, identical to decoding', async () => {
    const app = await createTestApp({ backend: 'embedded', env: { PRERENDER_THUMBNAILS: 'false' } });
    try {
      const bytes = await corpusFile('693_J2KI.dcm');
      const sopInstanceUid = await ingest(app, bytes);
      const instance = await app.services.images.instances.get(sopInstanceUid);
      expect(await app.services.storage.exists(derivedKeyOf(instance, 0))).toBe(true);

      const parsed = parseDicom(bytes);
      const expected = await renderFrame(await decodeFrame(parsed, 0), parsed.renderingAttributes(0), {
        format: 'jpeg',
        quality: 90,
      });
      const readBefore = app.services.images.source.bytesRead;
      const full = await bytesOf(await app.app.request(`/api/v1/images/${sopInstanceUid}/full`));
      expect(sha(full)).toBe(sha(expected.data));
      // The J2K file itself was not read: the render came from the decoded copy.
      expect(app.services.images.source.bytesRead).toBe(readBefore);
    } finally {
      await app.dispose();
    }
  }, 120_000);
});

describe('reduced copies: the thumbnail render source of each large frame', () => {
  it('serves cold thumbnails from the copy without reading the file, the same bytes as without copies', async () => {
    const cold = { PRERENDER_THUMBNAILS: 'false', RENDER_CACHE_MAX_BYTES: '1', FRAME_CACHE_MAX_BYTES: '1' };
    const app = await createTestApp({ backend: 'embedded', env: cold });
    const off = await createTestApp({ backend: 'embedded', env: { ...cold, DERIVED_REDUCED_FRAMES: 'false' } });
    try {
      // 512² grey (box-averaged by 4), JPEG 2000 (a reduced resolution level), RGB (by 2).
      for (const name of ['liver_1frame.dcm', '693_J2KI.dcm', 'examples_rgb_color.dcm']) {
        const bytes = await corpusFile(name);
        const uid = await ingest(app, bytes);
        await ingest(off, bytes);
        const instance = await app.services.images.instances.get(uid);
        const copy = decodeDerivedFrame(
          await app.services.storage.get(reducedKeyOf(instance, 0)),
          instance.sha256,
          REDUCED_COPY_BOX,
        );
        expect(copy, name).toBeDefined();
        const { rows = 0, columns = 0 } = copy?.frame.info ?? {};
        expect(rows * columns * 4, name).toBeLessThanOrEqual((instance.rows ?? 0) * (instance.columns ?? 0));
        const readBefore = app.services.images.source.bytesRead;
        const response = await app.app.request(`/api/v1/images/${uid}/thumbnail`);
        const fromFile = await off.app.request(`/api/v1/images/${uid}/thumbnail`);
        expect(response.headers.get('etag'), name).toBe(fromFile.headers.get('etag'));
        expect(sha(await bytesOf(response)), name).toBe(sha(await bytesOf(fromFile)));
        expect(app.services.images.source.bytesRead, name).toBe(readBefore);
        // Another window, same box: still the copy (it holds stored values); another box: the file.
        const windowed = `/api/v1/images/${uid}/rendered?width=128&height=128&window=40,400`;
        const [a, b] = await Promise.all([app.app.request(windowed), off.app.request(windowed)]);
        expect(sha(await bytesOf(a)), name).toBe(sha(await bytesOf(b)));
        expect(app.services.images.source.bytesRead, name).toBe(readBefore);
        await bytesOf(await app.app.request(`/api/v1/images/${uid}/rendered?width=100&height=100`));
        expect(app.services.images.source.bytesRead, name).toBeGreaterThan(readBefore);
      }
    } finally {
      await Promise.all([app.dispose(), off.dispose()]);
    }
  }, 120_000);

  it('keeps no copy of a frame that cannot be box-averaged (palette, padding value) or is already thumbnail-sized, nor when turned off', async () => {
    const app = await createTestApp({ backend: 'embedded', env: { PRERENDER_THUMBNAILS: 'false' } });
    const off = await createTestApp({
      backend: 'embedded',
      env: { PRERENDER_THUMBNAILS: 'false', DERIVED_REDUCED_FRAMES: 'false' },
    });
    try {
      for (const name of ['examples_palette.dcm', 'CT1_UNC.explicit_little_endian.dcm', 'CT_small.dcm']) {
        const uid = await ingest(app, await corpusFile(name));
        const instance = await app.services.images.instances.get(uid);
        expect(await app.services.storage.exists(reducedKeyOf(instance, 0)), name).toBe(false);
      }
      const uid = await ingest(off, await corpusFile('liver_1frame.dcm'));
      const instance = await off.services.images.instances.get(uid);
      expect(await off.services.storage.exists(reducedKeyOf(instance, 0))).toBe(false);
      const readBefore = off.services.images.source.bytesRead;
      await bytesOf(await off.app.request(`/api/v1/images/${uid}/thumbnail`));
      expect(off.services.images.source.bytesRead).toBeGreaterThan(readBefore);
    } finally {
      await Promise.all([app.dispose(), off.dispose()]);
    }
  }, 120_000);

  it('ignores a copy made for another box or another version of the file', async () => {
    const parsed = parseDicom(await corpusFile('CT1_UNC.explicit_little_endian.dcm'));
    const decoded = { frame: await decodeFrame(parsed, 0), attributes: parsed.renderingAttributes(0) };
    const copy = encodeDerivedFrame(decoded, 'a'.repeat(64), REDUCED_COPY_BOX);
    expect(decodeDerivedFrame(copy, 'a'.repeat(64), REDUCED_COPY_BOX)).toBeDefined();
    expect(decodeDerivedFrame(copy, 'a'.repeat(64), { width: 256, height: 256 })).toBeUndefined();
    expect(decodeDerivedFrame(copy, 'a'.repeat(64))).toBeUndefined(); // not a full copy
    expect(decodeDerivedFrame(copy, 'b'.repeat(64), REDUCED_COPY_BOX)).toBeUndefined();
  });
});
