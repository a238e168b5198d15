import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine, type Engine } from '@lucent/engine';
import { Job } from '@lucent/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../app/create-app.js';
import { ALL_FACILITIES } from '../../security/facility-scope.js';
import { corpusFile } from '../../testing/corpus.test-util.js';
import { errorCodeOf, jsonOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { appRouter } from '../../trpc/app-router.js';
import { createCallerFactory } from '../../trpc/trpc.js';
import { multipartBody, storedState } from '../ingest/upload.test-util.js';

const Accepted = z.object({ jobId: z.string().uuid() });
const CT_SOP = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';

let engine: Engine;
beforeAll(() => {
  engine = createEngine({ threads: 2 });
});
afterAll(async () => {
  await engine.close();
});

async function finishedJob(app: TestApp, response: Response): Promise<Job> {
  expect(response.status).toBe(202);
  const { jobId } = await jsonOf(response, Accepted);
  expect(response.headers.get('location')).toBe(`/api/v1/jobs/${jobId}`);
  await app.services.jobs.idle();
  return jsonOf(await app.app.request(`/api/v1/jobs/${jobId}`), Job);
}

describe.each(['real', 'embedded'] as const)('background ingest jobs (%s backend)', (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    // Anything over 100 kB runs in the background without being asked.
    app = await createTestApp({ backend, engine, env: { ASYNC_INGEST_BYTES: '100000' } });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('answers ?async=true with 202 and a job that stores the file, then removes the spooled body', async () => {
    const ct = await corpusFile('CT_small.dcm');
    const response = await app.app.request('/api/v1/instances?async=true', {
      method: 'POST',
      headers: { 'content-type': 'application/dicom' },
      body: ct,
    });
    const job = await finishedJob(app, response);
    expect(job).toMatchObject({ kind: 'ingest', status: 'succeeded', total: 1, processed: 1, stored: 1, failed: 0 });
    expect(job.files[0]).toMatchObject({ outcome: 'stored', sopInstanceUid: CT_SOP });
    expect(job.finishedAt).not.toBeNull();
    expect((await app.services.studies.instance(CT_SOP, ALL_FACILITIES)).sopInstanceUid).toBe(CT_SOP);
    expect((await storedState(app)).temporary).toEqual([]);
  });

  it('runs a form over ASYNC_INGEST_BYTES in the background and reports every file, also through tRPC jobs.get', async () => {
    const big = await corpusFile('CT1_UNC.explicit_little_endian.dcm');
    const { body, contentType } = multipartBody([
      { field: 'a', filename: 'ct1.dcm', body: big },
      { field: 'b', filename: 'mr.dcm', body: await corpusFile('MR_small.dcm') },
      { field: 'c', filename: 'junk.bin', body: 'definitely not DICOM' },
    ]);
    const response = await app.app.request('/api/v1/instances', {
      method: 'POST',
      headers: { 'content-type': contentType, 'content-length': String(body.byteLength) },
      body,
    });
    const job = await finishedJob(app, response);
    expect(job).toMatchObject({ status: 'succeeded', total: 3, processed: 3, stored: 2, duplicates: 0, failed: 1 });
    expect(job.files.map((file) => file.error?.code ?? file.outcome)).toEqual(['stored', 'stored', 'INVALID_DICOM']);

    const caller = createCallerFactory(appRouter)(await app.trpcContext());
    expect(await caller.jobs.get({ id: job.id })).toEqual(job);
    expect((await storedState(app)).temporary).toEqual([]);
  });

  it('marks a job whose every file failed as failed with the first code', async () => {
    const response = await app.app.request('/api/v1/instances?async=true', {
      method: 'POST',
      headers: { 'content-type': 'application/dicom' },
      body: new TextEncoder().encode('plain text, not DICOM'),
    });
    const job = await finishedJob(app, response);
    expect(job).toMatchObject({ status: 'failed', failed: 1, stored: 0 });
    expect(job.error).toMatch(/^INVALID_DICOM: /);
  });

  it('records a running job and its progress as it goes, then its outcome', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reported: () => void = () => undefined;
    const progressed = new Promise<void>((resolve) => {
      reported = resolve;
    });
    const file = { name: 'one.dcm', outcome: 'stored' as const };
    const id = await app.services.jobs.submit(
      'test',
      {
        async run(report) {
          report({ total: 3, processed: 1, stored: 1, duplicates: 0, failed: 0, files: [file] });
          reported();
          await gate;
          return {
            status: 'succeeded',
            error: null,
            total: 3,
            processed: 3,
            stored: 3,
            duplicates: 0,
            failed: 0,
            files: [file, file, file],
          };
        },
        discard: async () => undefined,
      },
      { facilityId: app.facilityId, userId: null },
    );
    await progressed;
    let running: Job | undefined;
    for (let attempt = 0; attempt < 100; attempt++) {
      running = await jsonOf(await app.app.request(`/api/v1/jobs/${id}`), Job);
      if (running.processed === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(running).toMatchObject({ status: 'running', total: 3, processed: 1, stored: 1, finishedAt: null });
    release();
    await app.services.jobs.idle();
    const done = await jsonOf(await app.app.request(`/api/v1/jobs/${id}`), Job);
    expect(done).toMatchObject({ status: 'succeeded', total: 3, processed: 3, stored: 3 });
    expect(done.files).toHaveLength(3);
  });

  it('answers an unknown job with 404 and a malformed id with 400, over REST and tRPC', async () => {
    const missing = await app.app.request(`/api/v1/jobs/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(await errorCodeOf(missing)).toBe('NOT_FOUND');
    const malformed = await app.app.request('/api/v1/jobs/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(await errorCodeOf(malformed)).toBe('VALIDATION_FAILED');
    const trpc = await app.app.request(
      `/trpc/jobs.get?input=${encodeURIComponent(JSON.stringify({ id: randomUUID() }))}`,
    );
    expect(trpc.status).toBe(404);
    expect(((await trpc.json()) as { error: { data: { appCode: string } } }).error.data.appCode).toBe('NOT_FOUND');
  });
});

describe('jobs across a restart', () => {
  it('fails the jobs a stopped process left queued or running and removes their spooled bodies', async () => {
    const first = await createTestApp({ backend: 'embedded', engine });
    const { env } = first;
    const id = randomUUID();
    const knex = (first.services.db.orm.em.fork() as EntityManager).getKnex();
    await knex('ingest_job').insert({ id, kind: 'ingest', status: 'running', total: 5, processed: 2, files: '[]' });
    await mkdir(join(env.DATA_DIR, 'uploads'), { recursive: true });
    await writeFile(join(env.DATA_DIR, 'uploads', `${randomUUID()}.upload`), new Uint8Array(10));
    await first.close();

    // The same run-log logger: the restarted app's logs are scanned for patient data too.
    const second = await createApp({ env, engine, logger: first.services.logger });
    try {
      const { tokens } = await second.services.auth.login(
        { email: first.admin.email, password: first.admin.password },
        { ip: 'test', userAgent: null, requestId: 'test' },
      );
      const job = await jsonOf(
        await second.app.request(`/api/v1/jobs/${id}`, { headers: { authorization: `Bearer ${tokens.access_token}` } }),
        Job,
      );
      expect(job).toMatchObject({ status: 'failed', processed: 2 });
      expect(job.error).toMatch(/^INTERRUPTED/);
      expect(job.finishedAt).not.toBeNull();
      expect(await readdir(join(env.DATA_DIR, 'uploads'))).toEqual([]);
    } finally {
      await second.close();
      await rm(env.DATA_DIR, { recursive: true, force: true });
    }
  });
});
