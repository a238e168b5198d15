import { AppError, ImageCacheInvalidation, ImageCacheStats, IngestFileResult, Job } from '@lucent/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, corpusManifest } from '../testing/corpus.test-util.js';
import { errorCodeOf, jsonOf } from '../testing/http.test-util.js';
import { createTestApp, type TestApp, type TestLogin } from '../testing/test-app.test-util.js';
import { appRouter } from '../trpc/app-router.js';
import { createCallerFactory } from '../trpc/trpc.js';

const CT_SMALL = 'CT_small.dcm'; // patient 1CT1
const CT1 = 'CT1_UNC.explicit_little_endian.dcm'; // patient 1CT1 too, another study
const MR = 'MR_small.dcm';

const createCaller = createCallerFactory(appRouter);

async function trpcCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof TRPCError && error.cause instanceof AppError) return error.cause.code;
    throw error;
  }
}

describe('facility isolation', () => {
  let app: TestApp;
  let north: string;
  let adminA: TestLogin;
  let adminB: TestLogin;
  let viewerB: TestLogin;
  let radiologistA: TestLogin;
  const uid = {} as Record<'study' | 'series' | 'sop' | 'ct1Study' | 'mrSop', string>;
  const sql = async <T>(query: string, params: unknown[] = []) =>
    (app.services.db.orm.em.fork() as EntityManager).getConnection().execute<T[]>(query, params);

  const upload = (as: TestLogin, bytes: Uint8Array, query = '', type = 'application/dicom') =>
    app.app.request(`/api/v1/instances${query}`, {
      method: 'POST',
      headers: { ...as.headers, 'content-type': type },
      body: bytes,
    });
  /** As `as`, or as the system administrator (the test app's default) when `as` is 'admin'. */
  const get = (as: TestLogin | 'admin', path: string, headers: Record<string, string> = {}) =>
    app.app.request(path, { headers: { ...(as === 'admin' ? {} : as.headers), ...headers } });
  const callerOf = async (as?: TestLogin) => createCaller(await app.trpcContext(as));

  beforeAll(async () => {
    app = await createTestApp({ env: { PRERENDER_THUMBNAILS: 'false' } });
    adminA = await app.login({ roles: ['facility_admin'] });
    radiologistA = await app.login({ roles: ['radiologist'] });
    adminB = await app.login({ roles: ['facility_admin'], facilityCode: 'north' });
    viewerB = await app.login({ roles: ['viewer'], facilityCode: 'north' });
    north = adminB.user.facilityId;
    expect(adminA.user.facilityId).toBe(app.facilityId);
    const manifest = await corpusManifest();
    const entry = (file: string) => manifest.find((item) => item.file === file);
    uid.study = entry(CT_SMALL)?.studyInstanceUID ?? '';
    uid.series = entry(CT_SMALL)?.seriesInstanceUID ?? '';
    uid.sop = entry(CT_SMALL)?.sopInstanceUID ?? '';
    uid.ct1Study = entry(CT1)?.studyInstanceUID ?? '';
    uid.mrSop = entry(MR)?.sopInstanceUID ?? '';
    expect((await upload(adminA, await corpusFile(CT_SMALL))).status).toBe(201);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('assigns the uploader’s facility to the patient and study it stores', async () => {
    const [row] = await sql<{ study: string; patient: string }>(
      `select s.facility_id as study, p.facility_id as patient
       from study s join patient p on p.id = s.patient_id where s.study_instance_uid = ?`,
      [uid.study],
    );
    expect(row).toEqual({ study: app.facilityId, patient: app.facilityId });
  });

  it('keys patients per facility: the same Patient ID at two sites is two patients', async () => {
    expect((await upload(adminB, await corpusFile(CT1))).status).toBe(201);
    // Patient IDs are stored encrypted (blind-indexed): find the two studies' patients instead.
    const rows = await sql<{ facility_id: string }>(
      'select distinct p.id, p.facility_id from patient p join study s on s.patient_id = p.id where s.study_instance_uid in (?, ?)',
      [uid.study, uid.ct1Study],
    );
    expect(rows.map((row) => row.facility_id).sort()).toEqual([app.facilityId, north].sort());
  });

  it('refuses to store another facility’s instance, with or without overwrite, and leaves it untouched', async () => {
    const before = await sql<{ sha256: string; updated_at: Date }>(
      'select i.sha256, s.updated_at from instance i join study s on s.id = i.study_id where i.sop_instance_uid = ?',
      [uid.sop],
    );
    for (const query of ['', '?overwrite=true']) {
      const response = await upload(adminB, await corpusFile(CT_SMALL), query);
      expect(response.status).toBe(409);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('INSTANCE_CONFLICT');
      expect(body.error.message).not.toMatch(/1CT1|facility|default/i);
    }
    const after = await sql<{ sha256: string; updated_at: Date }>(
      'select i.sha256, s.updated_at from instance i join study s on s.id = i.study_id where i.sop_instance_uid = ?',
      [uid.sop],
    );
    expect(after).toEqual(before);
    const [count] = await sql<{ n: string }>('select count(*) as n from patient where facility_id = ?', [north]);
    expect(Number(count?.n)).toBe(1); // only CT1's patient; CT_small's was not created for north
  });

  it('does not wrap an image into another facility’s study (nor lend it its patient)', async () => {
    const ct = await corpusFile(CT_SMALL);
    const png = (await app.services.engine.render(ct, { format: 'png', width: 16, height: 16 }, { copy: true })).data;
    const response = await upload(adminB, png, `?studyInstanceUid=${uid.study}`, 'image/png');
    expect(response.status).toBe(409);
    expect(await errorCodeOf(response)).toBe('INSTANCE_CONFLICT');
    const [row] = await sql<{ n: string }>(
      'select count(*) as n from instance i join study s on s.id = i.study_id where s.study_instance_uid = ?',
      [uid.study],
    );
    expect(Number(row?.n)).toBe(1);
  });

  it('hides another facility’s studies from tRPC search, get and instances.get (404, not 403)', async () => {
    const callerB = await callerOf(viewerB);
    const found = await callerB.studies.search({});
    expect(found.items.map((item) => item.studyInstanceUid)).toEqual([uid.ct1Study]);
    expect(found.total).toBe(1);
    expect(await trpcCode(callerB.studies.get({ studyInstanceUid: uid.study }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerB.instances.get({ sopInstanceUid: uid.sop }))).toBe('NOT_FOUND');
    const callerA = await callerOf(radiologistA);
    expect((await callerA.studies.get({ studyInstanceUid: uid.study })).studyInstanceUid).toBe(uid.study);
    const everything = await callerOf();
    expect((await everything.studies.search({})).total).toBe(2);
  });

  it('answers 404 for another facility’s images, even from a warm cache and with a matching ETag', async () => {
    const routes = ['thumbnail', 'preview', 'full', 'rendered', 'frames/1/pixels', 'file'];
    const etags = new Map<string, string>();
    for (const route of routes) {
      const warm = await get(radiologistA, `/api/v1/images/${uid.sop}/${route}`);
      expect(warm.status).toBe(200);
      etags.set(route, warm.headers.get('etag') ?? '');
      await warm.arrayBuffer();
    }
    for (const route of routes) {
      const cold = await get(adminB, `/api/v1/images/${uid.sop}/${route}`);
      expect(cold.status, route).toBe(404);
      expect(await errorCodeOf(cold)).toBe('NOT_FOUND');
      const conditional = await get(adminB, `/api/v1/images/${uid.sop}/${route}`, {
        'if-none-match': etags.get(route) ?? '',
      });
      expect(conditional.status, `${route} with If-None-Match`).toBe(404);
      await conditional.arrayBuffer();
    }
    const invalidate = await app.app.request(`/api/v1/images/${uid.sop}/invalidate-cache`, {
      method: 'POST',
      headers: adminB.headers,
    });
    expect(invalidate.status).toBe(404);
    expect((await get('admin', `/api/v1/images/${uid.sop}/thumbnail`)).status).toBe(200);
    expect((await get(adminB, `/api/v1/instances/${uid.sop}`)).status).toBe(404);
    // Whole files carry unmasked identifiers: a viewer (no phi:read) is refused them in any facility.
    expect((await get(viewerB, `/api/v1/images/${uid.sop}/file`)).status).toBe(403);
  });

  it('refuses to invalidate another facility’s cached images (404 NOT_FOUND) and keeps them cached', async () => {
    const path = `/api/v1/images/${uid.sop}/thumbnail?width=96`;
    const stats = async () => jsonOf(await get('admin', '/api/v1/images/cache-stats'), ImageCacheStats);
    expect((await get(radiologistA, path)).status).toBe(200);
    const warm = await stats();
    expect(warm.rendered.entries).toBeGreaterThan(0);

    const refused = await app.app.request(`/api/v1/images/${uid.sop}/invalidate-cache`, {
      method: 'POST',
      headers: adminB.headers,
    });
    expect(refused.status).toBe(404);
    expect(await errorCodeOf(refused)).toBe('NOT_FOUND');
    const direct = app.services.images.invalidate(uid.sop, { kind: 'facility', facilityId: north });
    await expect(direct).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await stats()).rendered.entries).toBe(warm.rendered.entries);

    // Still cached: served without rendering again.
    const again = await get(radiologistA, path);
    expect(again.status).toBe(200);
    await again.arrayBuffer();
    const after = await stats();
    expect(after.renders).toBe(warm.renders);
    expect(after.rendered.hits).toBe(warm.rendered.hits + 1);

    // The owner's facility may invalidate: the next request renders again.
    const allowed = await app.app.request(`/api/v1/images/${uid.sop}/invalidate-cache`, {
      method: 'POST',
      headers: adminA.headers,
    });
    expect(allowed.status).toBe(200);
    expect((await jsonOf(allowed, ImageCacheInvalidation)).rendered).toBeGreaterThan(0);
    expect((await get(radiologistA, path)).status).toBe(200);
    expect((await stats()).renders).toBe(warm.renders + 1);
  });

  it('finds nothing of another facility through QIDO-RS and answers 404 on WADO-RS', async () => {
    const accept = { accept: 'application/dicom+json' };
    const qido = async (path: string) => {
      const response = await get(adminB, path, accept);
      expect(response.status, path).toBe(200);
      return (await response.json()) as unknown[];
    };
    expect(await qido(`/dicomweb/studies?StudyInstanceUID=${uid.study}`)).toEqual([]);
    expect(await qido('/dicomweb/studies?PatientID=1CT1')).toHaveLength(1); // north's own
    expect(await qido(`/dicomweb/studies/${uid.study}/series`)).toEqual([]);
    expect(await qido(`/dicomweb/instances?SOPInstanceUID=${uid.sop}`)).toEqual([]);
    const instance = `/dicomweb/studies/${uid.study}/series/${uid.series}/instances/${uid.sop}`;
    for (const path of [
      `/dicomweb/studies/${uid.study}`,
      `/dicomweb/studies/${uid.study}/metadata`,
      instance,
      `${instance}/metadata`,
      `${instance}/frames/1`,
      `${instance}/rendered`,
      `${instance}/thumbnail`,
      `/dicomweb/studies/${uid.study}/thumbnail`,
    ]) {
      const response = await get(adminB, path, { accept: '*/*' });
      expect(response.status, path).toBe(404);
      await response.arrayBuffer();
    }
    const own = await get(radiologistA, `${instance}/rendered`, { accept: 'image/jpeg' });
    expect(own.status).toBe(200);
  });

  it('stores STOW-RS uploads in the uploader’s facility', async () => {
    const boundary = 'isolation-boundary';
    const file = await corpusFile(MR);
    const head = new TextEncoder().encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
    const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
    const body = new Uint8Array([...head, ...file, ...tail]);
    const response = await app.app.request('/dicomweb/studies', {
      method: 'POST',
      headers: {
        ...adminB.headers,
        accept: 'application/dicom+json',
        'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
      },
      body,
    });
    expect(response.status).toBe(200);
    const [row] = await sql<{ facility_id: string }>(
      'select s.facility_id from instance i join study s on s.id = i.study_id where i.sop_instance_uid = ?',
      [uid.mrSop],
    );
    expect(row?.facility_id).toBe(north);
    expect((await get(radiologistA, `/api/v1/instances/${uid.mrSop}`)).status).toBe(404);
  });

  it('remembers a background upload’s facility: its job and what it stores are that facility’s only', async () => {
    await sql('delete from instance where sop_instance_uid = ?', [uid.mrSop]);
    const response = await upload(adminB, await corpusFile(MR), '?async=true');
    expect(response.status).toBe(202);
    const { jobId } = (await response.json()) as { jobId: string };
    await app.services.jobs.idle();
    const job = await jsonOf(await get(adminB, `/api/v1/jobs/${jobId}`), Job);
    expect(job.status).toBe('succeeded');
    expect(IngestFileResult.parse(job.files[0]).outcome).toBe('stored');
    const [row] = await sql<{ job: string; study: string }>(
      `select j.facility_id as job, s.facility_id as study from ingest_job j, instance i join study s on s.id = i.study_id
       where j.id = ? and i.sop_instance_uid = ?`,
      [jobId, uid.mrSop],
    );
    expect(row).toEqual({ job: north, study: north });
    expect((await get(adminA, `/api/v1/jobs/${jobId}`)).status).toBe(404);
    const callerA = await callerOf(adminA);
    expect(await trpcCode(callerA.jobs.get({ id: jobId }))).toBe('NOT_FOUND');
    expect((await get('admin', `/api/v1/jobs/${jobId}`)).status).toBe(200);
  });
});
