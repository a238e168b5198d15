import { AsyncLocalStorage } from 'node:async_hooks';
import { IngestFileResult, InstanceDetail } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALL_FACILITIES } from '../../security/facility-scope.js';
import { corpusFile } from '../../testing/corpus.test-util.js';
import { errorCodeOf, jsonOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';

const upload = (app: TestApp, bytes: Uint8Array, query = '') =>
  app.app.request(`/api/v1/instances${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/dicom' },
    body: bytes,
  });

describe.each(['real', 'embedded'] as const)('ingest of one file (%s backend)', (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ backend });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('stores a file, then finds it by study and instance', async () => {
    const bytes = await corpusFile('CT_small.dcm');
    const response = await upload(app, bytes);
    expect(response.status).toBe(201);
    const result = await jsonOf(response, IngestFileResult);
    expect(result).toMatchObject({ outcome: 'stored', bytes: bytes.byteLength });
    const study = await app.services.studies.get(result.studyInstanceUid ?? '', ALL_FACILITIES);
    expect(study.numberOfInstances).toBe(1);
    expect(study.numberOfSeries).toBe(1);
    expect(study.modalities).toEqual(['CT']);
    const instance = await jsonOf(await app.app.request(`/api/v1/instances/${result.sopInstanceUid}`), InstanceDetail);
    expect(instance).toMatchObject({
      rows: 128,
      columns: 128,
      numberOfFrames: 1,
      transferSyntaxUid: '1.2.840.10008.1.2.1',
    });
    expect(instance.frames[0]?.length).toBe(128 * 128 * 2);
  });

  it('runs uploads (one file, a form, an overwrite, an async job) without an AsyncLocalStorage', async () => {
    // On Node 20 an AsyncLocalStorage, once run, hooks every promise of every later request (cached
    // images lost ~13% of their throughput after the first upload): the upload's audit scope and its
    // transaction are passed explicitly.
    const run = vi.spyOn(AsyncLocalStorage.prototype, 'run');
    const enterWith = vi.spyOn(AsyncLocalStorage.prototype, 'enterWith');
    try {
      const bytes = await corpusFile('examples_overlay.dcm');
      expect((await upload(app, bytes)).status).toBe(201);
      const changed = bytes.slice();
      changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 0xff;
      expect((await upload(app, changed, '?overwrite=true')).status).toBe(200);
      const form = new FormData();
      form.append('file', new Blob([await corpusFile('liver_1frame.dcm')]), 'a.dcm');
      expect((await app.app.request('/api/v1/instances', { method: 'POST', body: form })).status).toBe(200);
      const job = await upload(app, await corpusFile('examples_rgb_color.dcm'), '?async=true');
      expect(job.status).toBe(202);
      await app.services.events.idle();
      expect(run).not.toHaveBeenCalled();
      expect(enterWith).not.toHaveBeenCalled();
    } finally {
      run.mockRestore();
      enterWith.mockRestore();
    }
  });

  it('answers a second identical upload as a duplicate and a different one with 409', async () => {
    const bytes = await corpusFile('CT_small.dcm');
    const again = await upload(app, bytes);
    expect(again.status).toBe(200);
    expect((await jsonOf(again, IngestFileResult)).outcome).toBe('duplicate');
    const changed = bytes.slice();
    changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 0xff;
    const conflict = await upload(app, changed);
    expect(conflict.status).toBe(409);
    expect(await errorCodeOf(conflict)).toBe('INSTANCE_CONFLICT');
    const overwrite = await upload(app, changed, '?overwrite=true');
    expect(overwrite.status).toBe(200);
    expect((await jsonOf(overwrite, IngestFileResult)).outcome).toBe('overwritten');
  });

  it('restores a stored file that went missing when the same bytes are uploaded again', async () => {
    const bytes = await corpusFile('MR_small.dcm');
    const first = await jsonOf(await upload(app, bytes), IngestFileResult);
    const instance = await app.services.studies.instance(first.sopInstanceUid ?? '', ALL_FACILITIES);
    const key = (await app.services.db.orm.em
      .fork()
      .getConnection()
      .execute('select storage_key from instance where sop_instance_uid = ?', [instance.sopInstanceUid])) as Array<{
      storage_key: string;
    }>;
    const storageKey = key[0]?.storage_key ?? '';
    await app.services.storage.delete(storageKey);
    const again = await jsonOf(await upload(app, bytes), IngestFileResult);
    expect(again.outcome).toBe('duplicate');
    expect(await app.services.storage.get(storageKey)).toEqual(bytes);
  });

  it('refuses bytes that are not DICOM with 400 and stores nothing', async () => {
    const before = await app.services.studies.search({}, ALL_FACILITIES);
    const response = await upload(app, new TextEncoder().encode('hello, this is not a DICOM file at all'));
    expect(response.status).toBe(400);
    expect(await errorCodeOf(response)).toBe('INVALID_DICOM');
    expect((await app.services.studies.search({}, ALL_FACILITIES)).total).toBe(before.total);
  });
});
