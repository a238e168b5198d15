import type { AuditEntry } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, corpusManifest } from '../../testing/corpus.test-util.js';
import { createTestApp, type TestApp, type TestLogin } from '../../testing/test-app.test-util.js';
import { appRouter } from '../../trpc/app-router.js';
import { createCallerFactory } from '../../trpc/trpc.js';
import { postFile } from '../ingest/upload.test-util.js';

const createCaller = createCallerFactory(appRouter);

/** Every string anywhere in a JSON value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}
const ALL = { kind: 'all' } as const;

describe('audit trail: every audited action leaves an entry', () => {
  let app: TestApp;
  let uploader: TestLogin;
  const uids = { mrStudy: '', mrSop: '', ctStudy: '', ctSop: '', ctSeries: '' };

  /** Entries written so far (flushing first) matching the filters, oldest first. */
  async function entries(filters: { action?: string; userId?: string } = {}): Promise<AuditEntry[]> {
    await app.services.events.idle();
    await app.services.securityEvents.idle();
    await app.services.audit.flush();
    return (await app.services.audit.search({ ...filters, limit: 1000, offset: 0, order: 'asc' }, ALL)).items;
  }

  beforeAll(async () => {
    app = await createTestApp();
    uploader = await app.login({ roles: ['radiographer'] });
    const manifest = await corpusManifest();
    const mr = manifest.find((entry) => entry.file === 'MR_small.dcm');
    const ct = manifest.find((entry) => entry.file === 'CT_small.dcm');
    uids.mrStudy = mr?.studyInstanceUID ?? '';
    uids.mrSop = mr?.sopInstanceUID ?? '';
    uids.ctStudy = ct?.studyInstanceUID ?? '';
    uids.ctSop = ct?.sopInstanceUID ?? '';
    uids.ctSeries = ct?.seriesInstanceUID ?? '';
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('records an upload as one row naming the uploader and the stored instances by study', async () => {
    const response = await app.app.request('/api/v1/instances', {
      method: 'POST',
      headers: { ...uploader.headers, 'content-type': 'application/dicom', 'user-agent': 'audit-test' },
      body: await corpusFile('MR_small.dcm'),
    });
    expect(response.status).toBe(201);
    const [row] = (await entries({ action: 'instances.ingest' })).filter((entry) => entry.details.via === 'rest');
    expect(row).toMatchObject({
      userId: uploader.user.id,
      username: uploader.user.email,
      facilityId: uploader.user.facilityId,
      outcome: 'success',
      resourceType: 'study',
      resourceId: uids.mrStudy,
      userAgent: 'audit-test',
      requestId: response.headers.get('x-request-id'),
    });
    expect(row?.details).toMatchObject({
      storedCount: 1,
      status: 201,
      stored: [{ studyInstanceUid: uids.mrStudy, sopInstanceUids: [uids.mrSop] }],
    });
  });

  it('records an overwrite, STOW-RS and a background job upload', async () => {
    const overwrite = await postFile(app, await corpusFile('MR_small_RLE.dcm'), '?overwrite=true');
    expect(overwrite.status).toBe(200);
    const [replaced] = await entries({ action: 'instance.overwrite' });
    expect(replaced).toMatchObject({ resourceType: 'instance', resourceId: uids.mrSop, outcome: 'success' });
    expect(replaced?.details).toMatchObject({ studyInstanceUid: uids.mrStudy });

    const file = await corpusFile('CT_small.dcm');
    const boundary = 'audit-stow';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const stow = await app.app.request('/dicomweb/studies', {
      method: 'POST',
      headers: {
        'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
        accept: 'application/dicom+json',
      },
      body,
    });
    expect(stow.status).toBe(200);
    const stowRow = (await entries({ action: 'instances.ingest' })).find((entry) => entry.details.via === 'stow');
    expect(stowRow?.details.stored).toEqual([{ studyInstanceUid: uids.ctStudy, sopInstanceUids: [uids.ctSop] }]);

    const job = await postFile(app, await corpusFile('JPEG-lossy.dcm'), '?async=true');
    expect(job.status).toBe(202);
    const { jobId } = (await job.json()) as { jobId: string };
    await app.services.jobs.idle();
    const jobRows = (await entries({ action: 'instances.ingest' })).filter((entry) => entry.details.jobId === jobId);
    // The request's own row (202, nothing stored yet) and the job's stores, attributed to the same user.
    expect(jobRows.map((row) => [row.details.status ?? null, row.details.storedCount])).toEqual([
      [202, 0],
      [null, 1],
    ]);
    expect(new Set(jobRows.map((row) => row.userId))).toEqual(new Set([jobRows[0]?.userId]));
    expect(jobRows[0]?.userId).not.toBeNull();
  });

  it('records every study opened through tRPC, REST and DICOMweb', async () => {
    const ctx = await app.trpcContext(uploader);
    const caller = createCaller(ctx);
    await caller.studies.get({ studyInstanceUid: uids.ctStudy });
    await caller.instances.get({ sopInstanceUid: uids.ctSop });
    await caller.studies.search({ patientName: 'Compressed*' });
    const json = { accept: 'application/dicom+json' };
    expect((await app.app.request(`/api/v1/instances/${uids.ctSop}`)).status).toBe(200);
    expect((await app.app.request(`/dicomweb/studies/${uids.ctStudy}/metadata`, { headers: json })).status).toBe(200);
    expect((await app.app.request(`/dicomweb/studies/${uids.ctStudy}/instances`, { headers: json })).status).toBe(200);
    const qido = await app.app.request('/dicomweb/studies?PatientName=CompressedSamples*', { headers: json });
    expect(qido.status).toBe(200);

    const studyReads = await entries({ action: 'study.read' });
    expect(studyReads.map((row) => [row.resourceId, row.details.via])).toEqual([
      [uids.ctStudy, 'trpc'],
      [uids.ctStudy, 'wado-metadata'],
      [uids.ctStudy, 'qido-instances'],
    ]);
    expect(studyReads[0]?.userId).toBe(uploader.user.id);
    const instanceReads = await entries({ action: 'instance.read' });
    expect(instanceReads.map((row) => [row.resourceId, row.details.via ?? 'rest'])).toEqual([
      [uids.ctSop, 'trpc'],
      [uids.ctSop, 'rest'],
    ]);
    expect(instanceReads[0]?.details.studyInstanceUid).toBe(uids.ctStudy);
    const searches = await entries({ action: 'study.search' });
    expect(searches.map((row) => row.details.filters ?? row.details.parameters)).toEqual([
      ['patientName'],
      ['PatientName'],
    ]);
    // The search's value (a patient name pattern) is not kept.
    expect(JSON.stringify(searches)).not.toContain('Compressed');
  });

  it('gathers image reads into one row per user and study, with the count and the instance/frame list', async () => {
    const viewer = await app.login({ roles: ['viewer'] });
    const get = (path: string) => app.app.request(path, { headers: viewer.headers });
    for (let i = 0; i < 6; i++) expect((await get(`/api/v1/images/${uids.ctSop}/thumbnail`)).status).toBe(200);
    expect((await get(`/api/v1/images/${uids.ctSop}/frames/1/pixels`)).status).toBe(200);
    expect((await get(`/api/v1/images/${uids.mrSop}/preview`)).status).toBe(200);
    const frames = await get(
      `/dicomweb/studies/${uids.ctStudy}/series/${uids.ctSeries}/instances/${uids.ctSop}/frames/1`,
    );
    expect(frames.status).toBe(200);
    await frames.arrayBuffer();
    const rows = await entries({ action: 'image.read', userId: viewer.user.id });
    expect(rows).toHaveLength(2);
    const ct = rows.find((row) => row.resourceId === uids.ctStudy);
    expect(ct?.details).toMatchObject({
      count: 8,
      views: { thumbnail: 6, pixels: 1, frames: 1 },
      instances: [{ sopInstanceUid: uids.ctSop, count: 8, frames: [1] }],
    });
    const mr = rows.find((row) => row.resourceId === uids.mrStudy);
    expect(mr?.details).toMatchObject({ count: 1, views: { preview: 1 } });
  });

  it('records cache invalidation and refused reads (anonymous: no user, outcome denied)', async () => {
    expect((await app.app.request(`/api/v1/images/${uids.ctSop}/invalidate-cache`, { method: 'POST' })).status).toBe(
      200,
    );
    const [invalidated] = await entries({ action: 'image.cache.invalidate' });
    expect(invalidated).toMatchObject({ resourceId: uids.ctSop, outcome: 'success' });
    const unknown = await app.app.request('/api/v1/instances/1.2.3.4.5', { anonymous: true });
    // 404 while the route is public, 401 once it demands a permission: either way a refused read.
    expect([401, 404]).toContain(unknown.status);
    const refused = (await entries({ action: 'instance.read' })).at(-1);
    expect(refused).toMatchObject({ userId: null, username: null, outcome: 'denied', resourceId: '1.2.3.4.5' });
    expect(refused?.details.status).toBe(unknown.status);
  });

  it('records sign-ins, failures, logouts and user creation from the security events', async () => {
    const user = await app.login({ roles: ['nurse'] });
    const wrong = await app.app.request('/api/v1/auth/login', {
      anonymous: true,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.user.email, password: 'Wrong-password-1!' }),
    });
    expect(wrong.status).toBe(401);
    const logout = await app.app.request('/api/v1/auth/logout', { method: 'POST', headers: user.headers });
    expect(logout.status).toBeLessThan(300);
    const mine = (await entries()).filter((row) => row.resourceType === 'user' && row.resourceId === user.user.id);
    expect(mine.map((row) => [row.action, row.outcome])).toEqual([
      ['user.created', 'success'],
      ['auth.login', 'success'],
      ['auth.login.failed', 'denied'],
      ['auth.logout', 'success'],
    ]);
    expect(mine[2]?.details).toMatchObject({ reason: 'wrong_password' });
    expect(mine[1]).toMatchObject({
      userId: user.user.id,
      username: user.user.email,
      facilityId: user.user.facilityId,
    });
    // The bootstrap administrator's creation is there too (subscribed before it happened).
    expect((await entries({ action: 'user.created' })).length).toBeGreaterThanOrEqual(3);
  });

  it('keeps no patient names, IDs or birth dates in any row after a corpus upload', async () => {
    const manifest = await corpusManifest();
    for (const entry of manifest.filter((item) => item.parse === 'ok').slice(0, 25)) {
      await postFile(app, await corpusFile(entry.file), '?overwrite=true');
    }
    const caller = createCaller(await app.trpcContext());
    const studies = await caller.studies.search({ limit: 1000 });
    await caller.studies.get({ studyInstanceUid: uids.mrStudy });
    const identifiers = new Set<string>();
    for (const study of studies.items) {
      const { patientName, patientId, birthDate } = study.patient;
      for (const value of [patientName, patientId, birthDate])
        if (value !== null && value.length >= 3) identifiers.add(value);
      for (const part of (patientName ?? '').split('^')) if (part.length >= 4) identifiers.add(part);
    }
    expect(identifiers.size).toBeGreaterThan(3);
    const values = stringsIn(await entries());
    for (const identifier of identifiers) {
      // Names are looked for anywhere; short numeric IDs only as whole values (UIDs and hashes contain digits).
      const leaked = /[A-Za-z]/.test(identifier)
        ? values.filter((value) => value.includes(identifier))
        : values.filter((value) => value === identifier);
      expect(leaked, 'a patient identifier in the audit trail').toEqual([]);
    }
    expect((await app.services.audit.verify()).valid).toBe(true);
  }, 120_000);
});
