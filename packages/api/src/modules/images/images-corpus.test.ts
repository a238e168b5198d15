import { IngestFileResult } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CorpusEntry, corpusFile, corpusManifest } from '../../testing/corpus.test-util.js';
import { errorCodeOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { bytesOf, imageSize } from './image-size.test-util.js';

const manifest = await corpusManifest();
/** Files the reference decoder itself could not read: they must never answer 500. */
const knownBad = (entry: CorpusEntry) => entry.pixels?.startsWith('reference decoder failed') === true;
const noPixels = (entry: CorpusEntry) => entry.pixels === 'none';

describe.each(['real', 'embedded'] as const)('corpus round trip: ingest → thumbnail (%s backend)', (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ backend });
  }, 120_000);
  afterAll(async () => {
    await app?.dispose();
  });

  it.each(manifest.map((entry) => [entry.file, entry] as const))('%s', async (_file, entry) => {
    // Several corpus files share a SOP Instance UID (one image in several syntaxes): overwrite,
    // which also exercises the invalidation of the previous version's cached images.
    const upload = await app.app.request('/api/v1/instances?overwrite=true', {
      method: 'POST',
      headers: { 'content-type': 'application/dicom' },
      body: await corpusFile(entry.file),
    });
    if (upload.status >= 400) {
      // Not storable (e.g. no Study Instance UID): a 4xx with a code, and nothing to render.
      expect(upload.status).toBeLessThan(500);
      expect(entry.studyInstanceUID === undefined || knownBad(entry) || noPixels(entry)).toBe(true);
      return;
    }
    const { sopInstanceUid } = IngestFileResult.parse(await upload.json());
    await app.services.events.idle();
    const response = await app.app.request(`/api/v1/images/${sopInstanceUid}/thumbnail`);
    if (noPixels(entry)) {
      expect(response.status).toBe(422);
      expect(await errorCodeOf(response)).toBe('NO_PIXEL_DATA');
    } else if (knownBad(entry)) {
      // Our decoder may still read some of them; what matters is a code, never a 500.
      expect(response.status).toBeLessThan(500);
      if (response.status >= 400) expect(await errorCodeOf(response)).toMatch(/^[A-Z_]+$/);
    } else {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      const size = imageSize(await bytesOf(response));
      expect(size).toBeDefined();
      expect(Math.max(size?.width ?? 999, size?.height ?? 999)).toBeLessThanOrEqual(128);
      const pixels = await app.app.request(`/api/v1/images/${sopInstanceUid}/frames/1/pixels`);
      expect(pixels.status).toBe(200);
    }
  });
});
