import { createHash } from 'node:crypto';
import { decodeFrame, parseDicom, renderFrame } from '@lucent/engine';
import { IngestFileResult } from '@lucent/shared';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../testing/corpus.test-util.js';
import { jsonOf } from '../../testing/http.test-util.js';
import { createTestApp } from '../../testing/test-app.test-util.js';
import { decodeDerivedFrame, derivedKeyOf, encodeDerivedFrame } from './derived-frames.js';
import { bytesOf } from './image-size.test-util.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

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
      const response = await app.app.request('/api/v1/instances', {
        method: 'POST',
        headers: { 'content-type': 'application/dicom' },
        body: bytes,
      });
      const { sopInstanceUid = '' } = await jsonOf(response, IngestFileResult);
      await app.services.events.idle();
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
