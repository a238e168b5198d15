import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, corpusManifest } from '../../testing/corpus.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { appRouter } from '../../trpc/app-router.js';
import { createCallerFactory } from '../../trpc/trpc.js';
import type { KeyStatus } from './key-rotation.js';

const FILES = ['CT_small.dcm', 'MR_small_jp2klossless.dcm'];
const createCaller = createCallerFactory(appRouter);

describe('master data key rotation (issue 4)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
    for (const file of FILES)
      expect((await app.services.ingest.ingest(await corpusFile(file), { facilityId: app.facilityId })).outcome).toBe(
        'stored',
      );
    await app.services.events.idle();
  }, 120_000);
  afterAll(async () => {
    await app?.dispose();
  });

  it('needs system:manage', async () => {
    const viewer = await app.login({ roles: ['viewer'] });
    const response = await app.app.request('/api/v1/admin/keys/rotate', { method: 'POST', headers: viewer.headers });
    expect(response.status).toBe(403);
    const caller = createCaller(await app.trpcContext(viewer));
    await expect(caller.keys.status()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('adds a key, re-encrypts every token and re-wraps every file key in the background; the old key can then go', async () => {
    const admin = createCaller(await app.trpcContext());
    const before = await admin.keys.status();
    const oldKey = before.activeKeyId;
    expect(before.keys).toEqual([expect.objectContaining({ keyId: oldKey, active: true, retirable: false })]);
    expect(before.keys[0]?.fields).toBeGreaterThan(10);
    // The two instances and the decoded copy of the J2K frame.
    expect(before.keys[0]?.files).toBe(3);

    const started = await app.app.request('/api/v1/admin/keys/rotate', { method: 'POST' });
    expect(started.status).toBe(202);
    expect(((await started.json()) as { state: string }).state).toBe('running');
    await app.services.keyRotation.idle();

    const after = (await (await app.app.request('/api/v1/admin/keys/status')).json()) as KeyStatus;
    const newKey = after.activeKeyId;
    expect(newKey).not.toBe(oldKey);
    expect(after.rotation).toMatchObject({ state: 'done', targetKeyId: newKey, filesRewrapped: 3 });
    expect(after.rotation.fieldsRotated).toBe(before.keys[0]?.fields);
    expect(after.keys.find((key) => key.keyId === oldKey)).toMatchObject({ fields: 0, files: 0, retirable: true });
    expect(after.keys.find((key) => key.keyId === newKey)).toMatchObject({
      active: true,
      fields: before.keys[0]?.fields,
      files: 3,
    });
    // Development: the key file was rewritten with both keys, the new one active.
    const file = JSON.parse(await readFile(join(app.env.DATA_DIR, 'keys', 'keys.json'), 'utf8'));
    expect(file.data.activeKeyId).toBe(newKey);
    expect(Object.keys(file.data.keys).sort()).toEqual([newKey, oldKey].sort());
    const knex = (app.services.db.orm.em.fork() as EntityManager).getKnex();
    const patient = await knex('patient').first();
    expect(patient.patient_name.startsWith(`v1.${newKey}.`)).toBe(true);

    // Retire the old key: everything still reads.
    const ring = app.services.keys.dataRing;
    app.services.keys.dataRing = { activeKeyId: newKey, keys: { [newKey]: ring.keys[newKey] as Uint8Array } };
    const found = await admin.studies.search({ patientName: 'compressedsamples*' });
    expect(found.items.map((item) => item.patient.patientName).sort()).toEqual([
      'CompressedSamples^CT1',
      'CompressedSamples^MR1',
    ]);
    const manifest = await corpusManifest();
    const mr = manifest.find((entry) => entry.file === 'MR_small_jp2klossless.dcm');
    const instance = await admin.instances.get({ sopInstanceUid: mr?.sopInstanceUID ?? '' });
    expect((instance.metadata.patient as { patientName: string }).patientName).toBe('CompressedSamples^MR1');
    const metadata = await app.app.request(`/dicomweb/studies/${mr?.studyInstanceUID}/metadata`, {
      headers: { accept: 'application/dicom+json' },
    });
    expect(await metadata.text()).toContain('CompressedSamples^MR1');
    const frame = await app.app.request(
      `/dicomweb/studies/${mr?.studyInstanceUID}/series/${mr?.seriesInstanceUID}/instances/${mr?.sopInstanceUID}/frames/1`,
      { headers: { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' } },
    );
    expect(frame.status).toBe(200);
    expect((await frame.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const stored = await app.services.storage.get(
      (await knex('instance').where('sop_instance_uid', mr?.sopInstanceUID).first()).storage_key,
    );
    expect(stored.byteLength).toBe(mr === undefined ? 0 : (await corpusFile(mr.file)).byteLength);
  });
});
