import type { AuditEntry } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, corpusManifest } from '../../testing/corpus.test-util.js';
import { createTestApp, type TestApp, type TestRequestInit } from '../../testing/test-app.test-util.js';

const ALL = { kind: 'all' } as const;
const JSON_ACCEPT = { accept: 'application/dicom+json' };

/** What a row says, without its time, chain and origin: the part a route's audit declaration decides. */
function essentials(row: AuditEntry) {
  const { firstAt: _first, lastAt: _last, ...details } = row.details;
  return {
    action: row.action,
    outcome: row.outcome,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    userId: row.userId,
    details,
  };
}

/** A STOW-RS body holding one file. */
function stowBody(file: Uint8Array, boundary: string): Uint8Array {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

describe('REST and DICOMweb audit: every audited route writes its own entry', () => {
  let app: TestApp;
  let adminId: string;
  const ct = { study: '', series: '', sop: '' };

  /**
   * Send one request and return the rows it wrote (matched by its request id), essentials only.
   * Flushing after each request closes the image-read windows, so an image read is a row of its own.
   */
  async function rowsOf(path: string, init: TestRequestInit = {}, status?: number) {
    const response = await app.app.request(path, init);
    if (status !== undefined) expect(response.status, path).toBe(status);
    await response.arrayBuffer();
    const requestId = response.headers.get('x-request-id');
    await app.services.events.idle();
    await app.services.audit.flush();
    const { items } = await app.services.audit.search({ limit: 1000, offset: 0, order: 'desc' }, ALL);
    return items.filter((row) => row.requestId === requestId).map(essentials);
  }

  const entry = (
    action: string,
    resourceType: string,
    resourceId: string | null,
    details: Record<string, unknown>,
    outcome = 'success',
  ) => ({ action, outcome, resourceType, resourceId, userId: adminId, details });

  /** One image read of the CT instance (or of the study only, for representative thumbnails). */
  const imageRead = (view: string, frames: number[] | null) => ({
    action: 'image.read',
    outcome: 'success',
    resourceType: 'study',
    resourceId: ct.study,
    userId: adminId,
    details: {
      count: 1,
      views: { [view]: 1 },
      instances: frames === null ? [] : [{ sopInstanceUid: ct.sop, count: 1, frames }],
    },
  });

  beforeAll(async () => {
    app = await createTestApp();
    await app.services.securityEvents.idle();
    await app.services.audit.flush();
    const admin = await app.services.audit.search({ action: 'auth.login', limit: 1, offset: 0, order: 'asc' }, ALL);
    adminId = admin.items[0]?.userId ?? '';
    const manifest = await corpusManifest();
    const file = manifest.find((item) => item.file === 'CT_small.dcm');
    ct.study = file?.studyInstanceUID ?? '';
    ct.series = file?.seriesInstanceUID ?? '';
    ct.sop = file?.sopInstanceUID ?? '';
    const stored = await app.app.request('/api/v1/instances', {
      method: 'POST',
      headers: { 'content-type': 'application/dicom' },
      body: await corpusFile('CT_small.dcm'),
    });
    expect(stored.status).toBe(201);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('records /api/v1/images reads as image reads with the view and frame', async () => {
    const base = `/api/v1/images/${ct.sop}`;
    expect(await rowsOf(`${base}/thumbnail`, {}, 200)).toEqual([imageRead('thumbnail', [1])]);
    expect(await rowsOf(`${base}/preview?frame=1`, {}, 200)).toEqual([imageRead('preview', [1])]);
    expect(await rowsOf(`${base}/full`, {}, 200)).toEqual([imageRead('full', [1])]);
    expect(await rowsOf(`${base}/rendered?width=32&height=32`, {}, 200)).toEqual([imageRead('rendered', [1])]);
    expect(await rowsOf(`${base}/frames/1/pixels`, {}, 200)).toEqual([imageRead('pixels', [1])]);
    // A frame that does not exist is still the frame asked for, recorded as a failed read.
    const outOfRange = await rowsOf(`${base}/rendered?frame=7`, {}, 400);
    expect(outOfRange).toEqual([{ ...imageRead('rendered', [7]), outcome: 'failure' }]);
  });

  it('records the file download, cache invalidation and instance record with the instance', async () => {
    expect(await rowsOf(`/api/v1/images/${ct.sop}/file`, {}, 200)).toEqual([
      entry('instance.download', 'instance', ct.sop, { status: 200 }),
    ]);
    expect(await rowsOf(`/api/v1/images/${ct.sop}/invalidate-cache`, { method: 'POST' }, 200)).toEqual([
      entry('image.cache.invalidate', 'instance', ct.sop, { status: 200 }),
    ]);
    expect(await rowsOf(`/api/v1/instances/${ct.sop}`, {}, 200)).toEqual([
      entry('instance.read', 'instance', ct.sop, { status: 200 }),
    ]);
    // Path segments that are not UIDs are not echoed into the trail.
    expect(await rowsOf('/api/v1/instances/not-a-uid', {}, 400)).toEqual([
      entry('instance.read', 'instance', null, { status: 400 }, 'failure'),
    ]);
  });

  it('records job reads with the job id (when it is one)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect(await rowsOf(`/api/v1/jobs/${id}`, {}, 404)).toEqual([
      entry('job.read', 'job', id, { status: 404 }, 'denied'),
    ]);
    expect(await rowsOf('/api/v1/jobs/nope', {}, 400)).toEqual([
      entry('job.read', 'job', null, { status: 400 }, 'failure'),
    ]);
  });

  it('records REST and STOW-RS uploads as ingest rows', async () => {
    const again = await rowsOf(
      '/api/v1/instances',
      { method: 'POST', headers: { 'content-type': 'application/dicom' }, body: await corpusFile('CT_small.dcm') },
      200,
    );
    expect(again).toEqual([
      entry('instances.ingest', 'study', null, { via: 'rest', status: 200, storedCount: 0, stored: [] }),
    ]);
    const boundary = 'http-audit-stow';
    const stow = await rowsOf(
      `/dicomweb/studies/${ct.study}`,
      {
        method: 'POST',
        headers: {
          'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
          ...JSON_ACCEPT,
        },
        body: stowBody(await corpusFile('CT_small.dcm'), boundary),
      },
      200,
    );
    expect(stow).toEqual([
      entry('instances.ingest', 'study', null, { via: 'stow', status: 200, storedCount: 0, stored: [] }),
    ]);
  });

  it('records QIDO-RS searches with the names of the matching keys only', async () => {
    for (const level of ['studies', 'series', 'instances']) {
      expect(await rowsOf(`/dicomweb/${level}?PatientID=someone&limit=5`, { headers: JSON_ACCEPT }, 200)).toEqual([
        entry('study.search', 'study', null, { via: 'qido', level, parameters: ['PatientID', 'limit'], status: 200 }),
      ]);
    }
  });

  it('records QIDO-RS listings, WADO-RS metadata and retrieval inside a study as study opens', async () => {
    const study = `/dicomweb/studies/${ct.study}`;
    const series = `${study}/series/${ct.series}`;
    const instance = `${series}/instances/${ct.sop}`;
    const opened = (action: string, via: string, extra: Record<string, unknown> = {}) =>
      entry(action, 'study', ct.study, { via, ...extra, status: 200 });
    const inSeries = { seriesInstanceUid: ct.series };
    const inInstance = { seriesInstanceUid: ct.series, sopInstanceUid: ct.sop };
    const json = { headers: JSON_ACCEPT };
    expect(await rowsOf(`${study}/series`, json, 200)).toEqual([opened('study.read', 'qido-series')]);
    expect(await rowsOf(`${study}/instances`, json, 200)).toEqual([opened('study.read', 'qido-instances')]);
    expect(await rowsOf(`${series}/instances`, json, 200)).toEqual([opened('study.read', 'qido-instances', inSeries)]);
    expect(await rowsOf(`${study}/metadata`, json, 200)).toEqual([opened('study.read', 'wado-metadata')]);
    expect(await rowsOf(`${series}/metadata`, json, 200)).toEqual([opened('study.read', 'wado-metadata', inSeries)]);
    expect(await rowsOf(`${instance}/metadata`, json, 200)).toEqual([
      opened('study.read', 'wado-metadata', inInstance),
    ]);
    expect(await rowsOf(study, {}, 200)).toEqual([opened('study.retrieve', 'wado-retrieve')]);
    expect(await rowsOf(series, {}, 200)).toEqual([opened('study.retrieve', 'wado-retrieve', inSeries)]);
    expect(await rowsOf(instance, {}, 200)).toEqual([opened('study.retrieve', 'wado-retrieve', inInstance)]);
  });

  it('records WADO-RS frames, rendered images and thumbnails as image reads', async () => {
    const study = `/dicomweb/studies/${ct.study}`;
    const instance = `${study}/series/${ct.series}/instances/${ct.sop}`;
    expect(await rowsOf(`${instance}/frames/1`, {}, 200)).toEqual([imageRead('frames', [1])]);
    expect(await rowsOf(`${instance}/frames/1/rendered`, {}, 200)).toEqual([imageRead('wado-rendered', [1])]);
    expect(await rowsOf(`${instance}/frames/1/thumbnail`, {}, 200)).toEqual([imageRead('wado-thumbnail', [1])]);
    expect(await rowsOf(`${instance}/rendered`, {}, 200)).toEqual([imageRead('wado-rendered', [1])]);
    expect(await rowsOf(`${instance}/thumbnail`, {}, 200)).toEqual([imageRead('wado-thumbnail', [1])]);
    expect(await rowsOf(`${study}/thumbnail`, {}, 200)).toEqual([imageRead('wado-thumbnail', null)]);
    expect(await rowsOf(`${study}/series/${ct.series}/thumbnail`, {}, 200)).toEqual([
      imageRead('wado-thumbnail', null),
    ]);
  });

  it('records reading the trail: search, export and verify', async () => {
    expect(await rowsOf('/api/v1/audit?action=nothing&limit=1', {}, 200)).toEqual([
      entry('audit.search', 'audit_log', null, { parameters: ['action', 'limit'], status: 200 }),
    ]);
    expect(await rowsOf('/api/v1/audit/export.csv?outcome=denied', {}, 200)).toEqual([
      entry('audit.export', 'audit_log', null, { parameters: ['outcome'], status: 200 }),
    ]);
    expect(await rowsOf('/api/v1/audit/verify', { method: 'POST' }, 200)).toEqual([
      entry('audit.verify', 'audit_log', null, { status: 200 }),
    ]);
  });

  it('records refused requests without a user, and nothing for routes that touch no patient data', async () => {
    const refused = await rowsOf(`/dicomweb/studies/${ct.study}/metadata`, { anonymous: true }, 401);
    expect(refused).toEqual([
      { ...entry('study.read', 'study', ct.study, { via: 'wado-metadata', status: 401 }, 'denied'), userId: null },
    ]);
    expect(await rowsOf('/api/v1/images/cache-stats', {}, 200)).toEqual([]);
    expect(await rowsOf('/api/v1/auth/me', {}, 200)).toEqual([]);
    expect(await rowsOf('/health/live', {}, 200)).toEqual([]);
  });
});

describe('REST and DICOMweb audit: requests refused before the route runs', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ env: { RATE_LIMIT_USER_PER_HOUR: '2' } });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('records a rate-limited read of patient data (429) against the route it was meant for', async () => {
    const viewer = await app.login({ roles: ['viewer'] });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await app.app.request('/api/v1/instances/1.2.3.4.5', { headers: viewer.headers });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([404, 404, 429]);
    await app.services.audit.flush();
    const rows = await app.services.audit.search(
      { action: 'instance.read', userId: viewer.user.id, limit: 10, offset: 0, order: 'asc' },
      ALL,
    );
    expect(rows.items.map((row) => [row.resourceId, row.outcome, row.details.status])).toEqual([
      ['1.2.3.4.5', 'denied', 404],
      ['1.2.3.4.5', 'denied', 404],
      ['1.2.3.4.5', 'failure', 429],
    ]);
  });
});
