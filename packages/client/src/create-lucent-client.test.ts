import { readFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import type { StudySearchResult } from '@lucent/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createLucentClient, type LucentClient } from './create-lucent-client.js';
import { LucentError } from './lucent-error.js';
import {
  type CorpusEntry,
  corpusDir,
  corpusManifest,
  startTestServer,
  type TestServer,
} from './testing/test-server.test-util.js';
import type { UploadFile, UploadProgress } from './upload-types.js';

/** Corpus files with distinct SOP Instance UIDs, from different studies and modalities. */
const GOOD = [
  'CT_small.dcm',
  'MR_small.dcm',
  'CT1_UNC.explicit_little_endian.dcm',
  'examples_rgb_color.dcm',
  'examples_jpeg2k.dcm',
  'JPEG2000.dcm',
  'image_dfl.dcm',
];
/** Same SOP Instance UID as MR_small.dcm, different bytes. */
const CONFLICTING = 'MR_small_RLE.dcm';

async function corpusUpload(name: string): Promise<UploadFile> {
  return { name, data: new Uint8Array(await readFile(join(corpusDir, name))) };
}

/** A local URL nothing listens on: a port the OS handed out, closed again. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function rejection(promise: Promise<unknown>): Promise<LucentError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(LucentError);
  return error as LucentError;
}

describe('createLucentClient against a running server', () => {
  let server: TestServer;
  let client: LucentClient;
  let manifest: Map<string, CorpusEntry>;

  beforeAll(async () => {
    server = await startTestServer();
    client = createLucentClient({ url: `${server.url}/`, token: server.app.adminToken });
    manifest = new Map((await corpusManifest()).map((entry) => [entry.file, entry]));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('uploads files a few batches at a time with progress, and reports failures per file with their codes', async () => {
    const files = [
      ...(await Promise.all(GOOD.map(corpusUpload))),
      { name: 'notes.txt', data: new TextEncoder().encode('not a DICOM file, only some text '.repeat(10)) },
      await corpusUpload(CONFLICTING),
    ];
    let inFlight = 0;
    let maxInFlight = 0;
    const counting = createLucentClient({
      url: server.url,
      token: server.app.adminToken,
      fetch: async (input, init) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await fetch(input, init);
        } finally {
          inFlight -= 1;
        }
      },
    });
    const events: UploadProgress[] = [];
    // The conflicting file goes last so MR_small.dcm is stored before it.
    // Batches of one file, so several requests are in flight (at most `concurrency`).
    const first = await counting.uploadFiles(files.slice(0, -1), {
      concurrency: 3,
      batchFiles: 1,
      onProgress: (p) => events.push(p),
    });
    const last = await counting.uploadFiles(files.slice(-1));

    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(3);
    const totalBytes = files
      .slice(0, -1)
      .reduce((sum, file) => sum + (file as { data: Uint8Array }).data.byteLength, 0);
    expect(events).toHaveLength(GOOD.length + 2);
    expect(events[0]).toEqual({ filesDone: 0, filesTotal: GOOD.length + 1, bytesDone: 0, bytesTotal: totalBytes });
    events.forEach((event, index) => {
      expect(event.filesDone).toBe(index);
      if (index > 0) expect(event.bytesDone).toBeGreaterThan(events[index - 1]?.bytesDone ?? 0);
    });
    expect(events.at(-1)).toMatchObject({ filesDone: GOOD.length + 1, bytesDone: totalBytes });

    expect(first).toMatchObject({ stored: GOOD.length, duplicates: 0, overwritten: 0, failed: 1, bytes: totalBytes });
    expect(first.files.map((file) => file.name)).toEqual([...GOOD, 'notes.txt']);
    GOOD.forEach((name, index) => {
      expect(first.files[index]).toMatchObject({
        outcome: 'stored',
        sopInstanceUid: manifest.get(name)?.sopInstanceUID,
        studyInstanceUid: manifest.get(name)?.studyInstanceUID,
      });
    });
    expect(first.files.at(-1)).toMatchObject({ outcome: 'failed', error: { code: 'INVALID_DICOM', status: 400 } });
    expect(last).toMatchObject({ stored: 0, failed: 1 });
    expect(last.files[0]).toMatchObject({ name: CONFLICTING, error: { code: 'INSTANCE_CONFLICT', status: 409 } });
  });

  it('answers a second upload of the same files as duplicates, and overwrites when asked', async () => {
    const again = await client.uploadFiles(await Promise.all(GOOD.map(corpusUpload)));
    expect(again).toMatchObject({ stored: 0, duplicates: GOOD.length, failed: 0 });
    const conflicting = await corpusUpload(CONFLICTING);
    await expect(client.upload(conflicting)).rejects.toMatchObject({ code: 'INSTANCE_CONFLICT', status: 409 });
    expect(await client.upload(conflicting, { overwrite: true })).toMatchObject({ outcome: 'overwritten' });
    expect(await client.upload(await corpusUpload('MR_small.dcm'), { overwrite: true })).toMatchObject({
      outcome: 'overwritten',
    });
  });

  it('searches studies through tRPC with filters and pagination', async () => {
    const all = await client.trpc.studies.search.query({ limit: 100 });
    expectTypeOf(all).toEqualTypeOf<StudySearchResult>();
    const studies = new Set(GOOD.map((name) => manifest.get(name)?.studyInstanceUID));
    expect(new Set(all.items.map((study) => study.studyInstanceUid))).toEqual(studies);
    expect(all.total).toBe(studies.size);

    const mr = await client.trpc.studies.search.query({ modality: 'MR' });
    expect(mr.items.map((study) => study.studyInstanceUid)).toEqual([manifest.get('MR_small.dcm')?.studyInstanceUID]);

    const ct = all.items.find((study) => study.studyInstanceUid === manifest.get('CT_small.dcm')?.studyInstanceUID);
    const name = ct?.patient.patientName ?? '';
    expect(name.length).toBeGreaterThan(2);
    const byName = await client.trpc.studies.search.query({ patientName: `${name.slice(0, 2).toLowerCase()}*` });
    expect(byName.items.map((study) => study.studyInstanceUid)).toContain(ct?.studyInstanceUid);
    for (const study of byName.items)
      expect(study.patient.patientName?.toLowerCase().startsWith(name.slice(0, 2).toLowerCase())).toBe(true);

    const date = ct?.studyDate ?? '';
    expect(date).toMatch(/^\d{8}$/);
    const onDate = await client.trpc.studies.search.query({ studyDate: `${date}-${date}` });
    expect(onDate.items.length).toBeGreaterThan(0);
    for (const study of onDate.items) expect(study.studyDate).toBe(date);
    const before = await client.trpc.studies.search.query({ studyDate: `-${date}` });
    for (const study of before.items) expect(Number(study.studyDate)).toBeLessThanOrEqual(Number(date));

    const page = await client.trpc.studies.search.query({ limit: 2, offset: 1 });
    expect(page).toMatchObject({ total: all.total, limit: 2, offset: 1 });
    expect(page.items.map((study) => study.studyInstanceUid)).toEqual(
      all.items.slice(1, 3).map((study) => study.studyInstanceUid),
    );
  });

  it('gets a study with its series and instances, and an instance with its metadata', async () => {
    const entry = manifest.get('CT1_UNC.explicit_little_endian.dcm');
    const study = await client.trpc.studies.get.query({ studyInstanceUid: entry?.studyInstanceUID ?? '' });
    expect(study.numberOfSeries).toBe(1);
    expect(study.series[0]).toMatchObject({ seriesInstanceUid: entry?.seriesInstanceUID, modality: 'CT' });
    expect(study.series[0]?.instances.map((instance) => instance.sopInstanceUid)).toEqual([entry?.sopInstanceUID]);
    const instance = await client.trpc.instances.get.query({ sopInstanceUid: entry?.sopInstanceUID ?? '' });
    expect(instance).toMatchObject({
      studyInstanceUid: entry?.studyInstanceUID,
      rows: 512,
      columns: 512,
      numberOfFrames: 1,
      transferSyntaxUid: entry?.transferSyntax,
    });
  });

  it('fetches thumbnails, renders, native pixels and the stored file from the image URLs', async () => {
    const name = 'CT1_UNC.explicit_little_endian.dcm';
    const sop = manifest.get(name)?.sopInstanceUID ?? '';
    const thumbnail = await client.images.download(client.images.thumbnailUrl(sop));
    expect(thumbnail.contentType).toBe('image/jpeg');
    expect(await sharp(thumbnail.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 128, height: 128 });
    const rendered = await client.images.render(sop, { width: 200, window: { center: 40, width: 400 }, format: 'png' });
    expect(rendered.contentType).toBe('image/png');
    expect(await sharp(rendered.bytes).metadata()).toMatchObject({ format: 'png', width: 200, height: 200 });
    const pixels = await client.images.download(client.images.framePixelsUrl(sop, 1));
    expect(pixels.bytes.byteLength).toBe(512 * 512 * 2);
    expect(pixels.headers.get('x-rows')).toBe('512');
    const file = await client.images.download(client.images.fileUrl(sop));
    expect(Buffer.from(file.bytes).equals(await readFile(join(corpusDir, name)))).toBe(true);

    const malformed = await rejection(client.images.render('1.02.3', { width: 64 }));
    expect(malformed).toMatchObject({ code: 'INVALID_UID', status: 400, numericCode: 2009 });
    const unknown = await rejection(client.images.download(client.images.previewUrl('1.2.3.4.5.6.7.8.9')));
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const noFrame = await rejection(client.images.download(client.images.framePixelsUrl(sop, 5)));
    expect(noFrame).toMatchObject({ code: 'FRAME_OUT_OF_RANGE', status: 400 });
  });

  it('turns error answers into LucentErrors with the product code', async () => {
    const traced = createLucentClient({
      url: server.url,
      token: server.app.adminToken,
      headers: () => ({ 'x-request-id': 'client-test-42' }),
    });
    const missing = await rejection(traced.trpc.studies.get.query({ studyInstanceUid: '1.2.3.4.5.6.7.8.9' }));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', status: 404, numericCode: 2002 });
    const noInstance = await rejection(client.trpc.instances.get.query({ sopInstanceUid: '1.2.3.4.5.6.7.8.9' }));
    expect(noInstance).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(missing).toMatchObject({ requestId: 'client-test-42' });
    // A malformed UID is INVALID_UID over tRPC as over REST (the shared DicomUid schema).
    const malformed = await rejection(client.trpc.instances.get.query({ sopInstanceUid: '1.2.03/../x' }));
    expect(malformed).toMatchObject({ code: 'INVALID_UID', status: 400 });
    const notDicom = await rejection(traced.upload({ name: 'x', data: new Uint8Array(300) }));
    expect(notDicom).toMatchObject({
      code: 'INVALID_DICOM',
      status: 400,
      numericCode: 3001,
      requestId: 'client-test-42',
    });
  });

  it('answers a server that cannot be reached with SERVICE_UNAVAILABLE and status 0', async () => {
    const offline = createLucentClient({ url: await closedPortUrl() });
    const viaTrpc = await rejection(offline.trpc.studies.search.query({}));
    expect(viaTrpc).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 0 });
    const summary = await offline.uploadFiles([await corpusUpload('CT_small.dcm')]);
    expect(summary.files[0]).toMatchObject({ outcome: 'failed', error: { code: 'SERVICE_UNAVAILABLE', status: 0 } });
  });
});

describe('uploads the server runs as background jobs', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Every body above 1000 bytes is answered 202 { jobId } and ingested in the background.
    server = await startTestServer({ env: { ASYNC_INGEST_BYTES: '1000' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('waits for the job and reports its per-file outcome', async () => {
    const client = createLucentClient({ url: server.url, token: server.app.adminToken });
    const requests: string[] = [];
    const watched = createLucentClient({
      url: server.url,
      token: server.app.adminToken,
      fetch: (input, init) => {
        requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
        return fetch(input, init);
      },
    });
    const summary = await watched.uploadFiles([await corpusUpload('CT_small.dcm'), await corpusUpload('MR_small.dcm')]);
    expect(summary).toMatchObject({ stored: 2, failed: 0 });
    expect(requests.filter((request) => request.startsWith('GET /api/v1/jobs/')).length).toBeGreaterThanOrEqual(2);
    const again = await client.upload(await corpusUpload('CT_small.dcm'));
    expect(again).toMatchObject({ name: 'CT_small.dcm', outcome: 'duplicate' });
    const notDicom = await client.uploadFiles([{ name: 'big.txt', data: new Uint8Array(5000).fill(65) }]);
    expect(notDicom.files[0]).toMatchObject({ outcome: 'failed', error: { code: 'INVALID_DICOM' } });
  });
});
