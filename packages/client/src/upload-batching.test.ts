import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLucentClient, type LucentClient } from './create-lucent-client.js';
import type { FetchFunction } from './http-transport.js';
import { corpusDir, demoStudyFiles, startTestServer, type TestServer } from './testing/test-server.test-util.js';
import type { UploadFile, UploadProgress } from './upload-types.js';

interface SentRequest {
  method: string;
  path: string;
  /** Files in a multipart body. */
  files: number;
}

/** Records every request the client sends. */
function recordingFetch(log: SentRequest[]): FetchFunction {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const files = init?.body instanceof FormData ? init.body.getAll('file').length : 0;
    log.push({ method: init?.method ?? 'GET', path: url.pathname, files });
    return fetch(input, init);
  };
}

/** Files per upload request, in the order sent. */
const uploadRequests = (log: SentRequest[]) =>
  log.filter((request) => request.method === 'POST' && request.path === '/api/v1/instances').map((r) => r.files);

let scratch: string;
let folders = 0;

/** A fresh synthetic CT series (new UIDs), one file a slice, written to its own folder; the paths in order. */
async function ctFolder(slices: number, ctSize = 32): Promise<string[]> {
  const folder = join(scratch, `ct-${++folders}`);
  const paths: string[] = [];
  let index = 0;
  for await (const file of demoStudyFiles({ parts: ['ct'], slices, syntaxes: ['explicit'], ctSize })) {
    const path = `${folder}-${String(++index).padStart(3, '0')}.dcm`;
    await writeFile(path, file.bytes);
    paths.push(path);
  }
  return paths;
}

/** As `lucent upload` opens files: lazily, read from disk only as a request body streams out. */
const fromDisk = (paths: readonly string[]): Promise<UploadFile[]> =>
  Promise.all(paths.map(async (path) => ({ name: path, data: await openAsBlob(path) })));

async function textFile(name: string): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, 'a text file, not DICOM\n'.repeat(20));
  return path;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lucent-client-batches-'));
});
afterAll(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

describe('uploadFiles in batches, against a server with the default upload limit (20 an hour)', () => {
  let server: TestServer;
  let client: LucentClient;
  const log: SentRequest[] = [];
  let folder: string[];

  beforeAll(async () => {
    [server, folder] = await Promise.all([
      startTestServer({ env: { RATE_LIMIT_UPLOADS_PER_HOUR: '20' } }),
      ctFolder(45),
    ]);
    client = createLucentClient({ url: server.url, token: server.app.adminToken, fetch: recordingFetch(log) });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('uploads 45 files in ceil(45 / 20) = 3 requests, every file stored, with progress per file', async () => {
    log.length = 0;
    const events: UploadProgress[] = [];
    const files = await fromDisk(folder);
    const summary = await client.uploadFiles(files, { batchFiles: 20, onProgress: (event) => events.push(event) });
    expect(uploadRequests(log)).toEqual([20, 20, 5]);
    expect(summary).toMatchObject({ stored: 45, duplicates: 0, failed: 0 });
    expect(summary.files.map((file) => file.name)).toEqual(folder);
    const total = files.reduce((bytes, file) => bytes + ('data' in file ? (file.data as Blob).size : 0), 0);
    expect(summary.bytes).toBe(total);
    expect(new Set(summary.files.map((file) => file.sopInstanceUid)).size).toBe(45);
    expect(events).toHaveLength(46);
    expect(events.map((event) => event.filesDone)).toEqual(Array.from({ length: 46 }, (_, index) => index));
    expect(events.at(-1)).toMatchObject({ filesDone: 45, filesTotal: 45, bytesDone: total, bytesTotal: total });
    expect(new Set(events.slice(1).map((event) => event.file?.name))).toEqual(new Set(folder));

    const studyUid = summary.files[0]?.studyInstanceUid;
    const { items } = await client.trpc.studies.search.query({ limit: 100 });
    expect(items.find((study) => study.studyInstanceUid === studyUid)?.numberOfInstances).toBe(45);
  });

  it('sends the same folder again in one request with the default batch size: 45 duplicates', async () => {
    log.length = 0;
    const summary = await client.uploadFiles(await fromDisk(folder));
    expect(uploadRequests(log)).toEqual([45]);
    expect(summary).toMatchObject({ stored: 0, duplicates: 45, failed: 0 });
    expect(summary.files.every((file, index) => file.name === folder[index] && file.outcome === 'duplicate')).toBe(
      true,
    );
  });

  it('reports each file of one batch: stored, duplicate, not DICOM, conflicting — codes and statuses as a one-file upload gets', async () => {
    const [fresh] = await ctFolder(1);
    const notes = await textFile('notes.txt');
    await client.upload({ name: 'MR_small.dcm', data: await openAsBlob(join(corpusDir, 'MR_small.dcm')) });
    // One file each, as before batching: the statuses a batch reports must be these.
    const alone = await Promise.all(
      [notes, join(corpusDir, 'MR_small_RLE.dcm')].map(async (path) =>
        client.upload({ name: path, data: await openAsBlob(path) }).catch((error: unknown) => error),
      ),
    );
    expect(alone).toMatchObject([
      { code: 'INVALID_DICOM', status: 400 },
      { code: 'INSTANCE_CONFLICT', status: 409 },
    ]);

    log.length = 0;
    const paths = [fresh as string, folder[0] as string, notes, join(corpusDir, 'MR_small_RLE.dcm')];
    const summary = await client.uploadFiles(await fromDisk(paths));
    expect(uploadRequests(log)).toEqual([4]);
    expect(summary).toMatchObject({ stored: 1, duplicates: 1, failed: 2 });
    expect(summary.files).toMatchObject([
      { name: paths[0], outcome: 'stored' },
      { name: paths[1], outcome: 'duplicate', sopInstanceUid: expect.any(String) },
      { name: notes, outcome: 'failed', error: { code: 'INVALID_DICOM', status: 400 } },
      { name: paths[3], outcome: 'failed', error: { code: 'INSTANCE_CONFLICT', status: 409 } },
    ]);
    expect(summary.files[0]?.sopInstanceUid).toEqual(expect.any(String));
    expect(summary.files[0]?.error).toBeUndefined();
  });

  it('keeps the other batches when every file of one batch fails (the server answers that batch with an error)', async () => {
    const good = await ctFolder(2);
    const bad = [await textFile('bad-1.txt'), await textFile('bad-2.txt')];
    log.length = 0;
    const summary = await client.uploadFiles(await fromDisk([...bad, ...good]), { batchFiles: 2 });
    expect(uploadRequests(log)).toEqual([2, 2]);
    expect(summary).toMatchObject({ stored: 2, failed: 2 });
    expect(summary.files).toMatchObject([
      { name: bad[0], outcome: 'failed', error: { code: 'INVALID_DICOM', status: 400 } },
      { name: bad[1], outcome: 'failed', error: { code: 'INVALID_DICOM', status: 400 } },
      { name: good[0], outcome: 'stored' },
      { name: good[1], outcome: 'stored' },
    ]);
  });

  it('sends a file larger than the batch budget alone, and the others in batches around it', async () => {
    const small = await ctFolder(4);
    const [large] = await ctFolder(1, 128);
    const paths = [small[0], small[1], large, small[2], small[3]] as string[];
    const files = await fromDisk(paths);
    const size = (file: UploadFile) => ('data' in file ? (file.data as Blob).size : 0);
    // Generated files differ by a few bytes (UIDs vary in length): the budget fits either pair of small ones.
    const [a, b, , c, d] = files.map((file) => size(file));
    const budget = Math.max((a ?? 0) + (b ?? 0), (c ?? 0) + (d ?? 0));
    expect(size(files[2] as UploadFile)).toBeGreaterThan(budget);
    expect(Math.min(a ?? 0, b ?? 0, c ?? 0, d ?? 0) * 3).toBeGreaterThan(budget);
    log.length = 0;
    const summary = await client.uploadFiles(files, { batchBytes: budget });
    expect(uploadRequests(log)).toEqual([2, 1, 2]);
    expect(summary).toMatchObject({ stored: 5, failed: 0 });
    expect(summary.files.map((file) => file.name)).toEqual(paths);
  });
});

describe('uploadFiles when the server runs each batch as a background job (202)', () => {
  let server: TestServer;
  let client: LucentClient;
  const log: SentRequest[] = [];

  beforeAll(async () => {
    // Every upload body is "large": the server spools it and answers with a job id.
    server = await startTestServer({ env: { ASYNC_INGEST_BYTES: '1' } });
    client = createLucentClient({ url: server.url, token: server.app.adminToken, fetch: recordingFetch(log) });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('follows each job to its end and reports its per-file outcomes, also when every file of a job failed', async () => {
    const good = await ctFolder(2);
    const bad = [await textFile('job-bad-1.txt'), await textFile('job-bad-2.txt')];
    const paths = [good[0], bad[0], good[1], bad[1]] as string[];
    const summary = await client.uploadFiles(await fromDisk(paths), { batchFiles: 3 });
    expect(uploadRequests(log)).toEqual([3, 1]);
    expect(log.filter((request) => request.path.startsWith('/api/v1/jobs/')).length).toBeGreaterThanOrEqual(2);
    expect(summary).toMatchObject({ stored: 2, failed: 2 });
    expect(summary.files).toMatchObject([
      { name: paths[0], outcome: 'stored', sopInstanceUid: expect.any(String) },
      { name: paths[1], outcome: 'failed', error: { code: 'INVALID_DICOM', status: 400 } },
      { name: paths[2], outcome: 'stored', sopInstanceUid: expect.any(String) },
      { name: paths[3], outcome: 'failed', error: { code: 'INVALID_DICOM', status: 400 } },
    ]);
  });
});

describe('uploadFiles when the upload rate limit is reached (429 RATE_LIMITED, Retry-After)', () => {
  const HOUR = 3_600_000;
  let server: TestServer;
  /** The server's clock runs ahead of ours by this much: tests put the end of its hourly window where they need it. */
  let offset = 0;
  const log: SentRequest[] = [];

  /** Move the server's clock so that its current rate-limit window ends in `ms`. */
  function windowEndsIn(ms: number): void {
    const now = Date.now();
    offset = (((HOUR - ms - (now % HOUR)) % HOUR) + HOUR) % HOUR;
  }

  /** A new uploader (fresh rate-limit window), signed in at the server's present time. */
  async function uploader(): Promise<LucentClient> {
    const { accessToken } = await server.app.login({ roles: ['radiographer'] });
    return createLucentClient({ url: server.url, token: accessToken, fetch: recordingFetch(log) });
  }

  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_UPLOADS_PER_HOUR: '1' }, now: () => Date.now() + offset });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('fails the refused files with RATE_LIMITED, without sending more, when the server asks to wait longer than allowed', async () => {
    windowEndsIn(20 * 60_000);
    const client = await uploader();
    const paths = await ctFolder(3);
    const events: UploadProgress[] = [];
    log.length = 0;
    const summary = await client.uploadFiles(await fromDisk(paths), {
      batchFiles: 1,
      concurrency: 1,
      maxRateLimitWaitMs: 60_000,
      onProgress: (event) => events.push(event),
    });
    expect(summary).toMatchObject({ stored: 1, failed: 2 });
    expect(summary.files).toMatchObject([
      { outcome: 'stored' },
      { outcome: 'failed', error: { code: 'RATE_LIMITED', status: 429 } },
      { outcome: 'failed', error: { code: 'RATE_LIMITED', status: 429 } },
    ]);
    expect(summary.files[1]?.error?.message).toMatch(/the server asks to wait \d+ s, longer than the 60 s/);
    // The third batch was not sent: the server had said when to come back.
    expect(uploadRequests(log)).toEqual([1, 1]);
    expect(events.filter((event) => event.wait !== undefined)).toEqual([]);
  });

  it('waits for Retry-After, says so through onProgress, and then uploads the rest', { timeout: 30_000 }, async () => {
    windowEndsIn(4000);
    const client = await uploader();
    const paths = await ctFolder(2);
    const events: UploadProgress[] = [];
    log.length = 0;
    const started = Date.now();
    const summary = await client.uploadFiles(await fromDisk(paths), {
      batchFiles: 1,
      concurrency: 2,
      onProgress: (event) => events.push(event),
    });
    expect(summary).toMatchObject({ stored: 2, failed: 0 });
    // One accepted, one refused with 429 and sent again once the window had passed.
    expect(uploadRequests(log)).toEqual([1, 1, 1]);
    const waits = events.flatMap((event) => (event.wait === undefined ? [] : [event.wait]));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ code: 'RATE_LIMITED', attempt: 1, retries: 5 });
    expect(waits[0]?.waitMs).toBeGreaterThanOrEqual(1000);
    expect(waits[0]?.waitMs).toBeLessThanOrEqual(5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual((waits[0]?.waitMs ?? 0) - 50);
  });
});
