/**
 * In-process numbers for the image routes (app.request, no socket; the HTTP bench measures req/s):
 * ingest time with and without the J2K decoded copies, cold full renders of 1024² J2K with and
 * without them, bytes read to serve one frame of a multi-frame file, warm thumbnail latency, and
 * single-flight (N concurrent requests → renders).
 *
 *   node --conditions=@lucent/source --import tsx packages/api/scripts/measure-image-routes.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoFile, demoStudyFiles } from '@lucent/engine';
import { createApp, type LucentApp } from '../src/app/create-app.js';
import { loadEnv } from '../src/config/env.js';

const files: DemoFile[] = [];
for await (const file of demoStudyFiles({
  parts: ['mr', 'multiframe'],
  mrSlices: 4,
  mrSize: 1024,
  mrSyntaxes: ['j2k'],
  multiframeFrames: 50,
  multiframeSize: 512,
  multiframeSyntaxes: ['explicit'],
  seed: 7,
})) {
  files.push(file);
}

const percentile = (values: number[], p: number) =>
  Math.round(
    ([...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0) * 100,
  ) / 100;

async function withApp<T>(
  env: Record<string, string>,
  run: (app: LucentApp, uids: string[], ingestMs: number) => Promise<T>,
) {
  const dataDir = await mkdtemp(join(tmpdir(), 'lucent-measure-'));
  const app = await createApp({
    env: loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ENGINE_THREADS: '2', ...env }),
  });
  try {
    const uids: string[] = [];
    const started = performance.now();
    for (const file of files) {
      const response = await app.app.request('/api/v1/instances', {
        method: 'POST',
        headers: { 'content-type': 'application/dicom' },
        body: file.bytes.slice(),
      });
      uids.push(((await response.json()) as { sopInstanceUid: string }).sopInstanceUid);
    }
    await app.services.events.idle();
    return await run(app, uids, performance.now() - started);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function latency(app: LucentApp, paths: string[]): Promise<number[]> {
  const samples: number[] = [];
  for (const path of paths) {
    const started = performance.now();
    const response = await app.app.request(path, { headers: { accept: 'image/jpeg' } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    samples.push(performance.now() - started);
  }
  return samples;
}

const cold = {
  RENDER_CACHE_MAX_BYTES: '1',
  RENDER_CACHE_MAX_ITEM_BYTES: '1',
  FRAME_CACHE_MAX_BYTES: '1',
  PRERENDER_THUMBNAILS: 'false',
};
const j2kCount = 4;
const result: Record<string, unknown> = {
  files: files.map((file) => `${file.name} ${Math.round(file.bytes.byteLength / 1024)} KiB`),
};

for (const derived of ['true', 'false']) {
  await withApp({ ...cold, DERIVED_J2K_FRAMES: derived }, async (app, uids, ingestMs) => {
    const j2k = uids.slice(0, j2kCount);
    const full = await latency(
      app,
      [...j2k, ...j2k, ...j2k].map((uid) => `/api/v1/images/${uid}/full`),
    );
    const thumbnails = await latency(
      app,
      [...j2k, ...j2k].map((uid) => `/api/v1/images/${uid}/thumbnail`),
    );
    result[`derivedJ2kFrames=${derived}`] = {
      ingestAllMs: Math.round(ingestMs),
      coldFullJ2k1024Ms: { p50: percentile(full, 0.5), max: percentile(full, 1) },
      coldThumbnailJ2k1024Ms: { p50: percentile(thumbnails, 0.5), max: percentile(thumbnails, 1) },
    };
  });
}

await withApp({}, async (app, uids) => {
  const multiframe = uids[uids.length - 1] ?? '';
  const { fileSize } = await app.services.images.instances.get(multiframe);
  const before = app.services.images.source.bytesRead;
  const pixels = await app.app.request(`/api/v1/images/${multiframe}/frames/25/pixels`);
  await pixels.arrayBuffer();
  const afterPixels = app.services.images.source.bytesRead;
  await (await app.app.request(`/api/v1/images/${multiframe}/rendered?frame=30&window=100,400`)).arrayBuffer();
  const afterRender = app.services.images.source.bytesRead;
  const thumbnail = `/api/v1/images/${uids[0]}/thumbnail`;
  await latency(app, [thumbnail]);
  const warm = await latency(
    app,
    Array.from({ length: 500 }, () => thumbnail),
  );
  const path = `/api/v1/images/${uids[1]}/rendered?window=500,1000&width=512`;
  const rendersBefore = (await app.services.images.stats()).renders;
  await Promise.all(Array.from({ length: 16 }, () => app.app.request(path).then((r) => r.arrayBuffer())));
  const stats = await app.services.images.stats();
  result.multiFrame = {
    fileBytes: fileSize,
    bytesReadForFramePixels: afterPixels - before,
    bytesReadForFrameRender: afterRender - afterPixels,
  };
  result.warmThumbnailMs = { p50: percentile(warm, 0.5), p99: percentile(warm, 0.99), max: percentile(warm, 1) };
  result.singleFlight = { concurrentRequests: 16, renders: stats.renders - rendersBefore, coalesced: stats.coalesced };
  result.cacheStats = stats;
});

console.log(JSON.stringify(result, null, 2));
