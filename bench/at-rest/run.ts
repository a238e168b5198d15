import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemoStudies } from '@lucent/engine';
// The bench drives the API in process (services, no HTTP): it measures the storage layer's cost.
import { createApp } from '../../packages/api/src/app/create-app.js';
import { loadEnv } from '../../packages/api/src/config/env.js';
import type { ImageRequest } from '../../packages/api/src/modules/images/image-request.js';
import { ALL_FACILITIES } from '../../packages/api/src/security/facility-scope.js';
import { writeJsonReport } from '../common/report-file.js';

/**
 * The cost of files encrypted at rest on the frame and thumbnail paths: the same instances served
 * by an app with ENCRYPT_FILES=false and one with ENCRYPT_FILES=true, in the same run, request by
 * request alternately so both see the same machine load.
 *   frame-pixels  images.pixels of an uncompressed 512×512 CT slice after invalidating its caches:
 *                 one range read of 512 KiB (8 or 9 chunks decrypted when encrypted)
 *   frame-range   the storage range read alone (the at-rest cost without the service around it)
 *   thumbnail     images.render thumbnail of a JPEG 2000 CT slice after invalidating its caches (cold):
 *                 reads the derived decoded copy (or the file), decodes, renders
 *   whole-file    storage.get of a whole file (the WADO-RS instance path)
 * Usage: pnpm bench:at-rest [--rounds N]
 */
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] ?? '') || 5;
const THUMBNAIL: ImageRequest = { kind: 'thumbnail', frame: 0, width: 128, height: 128, format: 'jpeg', quality: 85 };

interface Stats {
  samples: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return { samples: samples.length, meanMs: round(mean), p50Ms: round(at(0.5)), p95Ms: round(at(0.95)) };
}

interface Served {
  lucent: Awaited<ReturnType<typeof createApp>>;
  dataDir: string;
  explicit: string[];
  j2k: string[];
  /** Storage key and first-frame location of each uncompressed instance. */
  frames: Array<{ key: string; offset: number; length: number }>;
  samples: Record<'framePixels' | 'frameRange' | 'thumbnail' | 'wholeFile', number[]>;
}

async function serve(encrypt: boolean, files: Array<{ name: string; bytes: Uint8Array }>): Promise<Served> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lucent-at-rest-'));
  const env = loadEnv({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ENGINE_THREADS: '1',
    ENCRYPT_FILES: String(encrypt),
    PRERENDER_THUMBNAILS: 'false',
    LUCENT_ADMIN_PASSWORD: 'Bench-Admin-Passw0rd!',
    LUCENT_ADMIN_EMAIL: 'bench@lucent.test',
  });
  const lucent = await createApp({ env });
  const { services } = lucent;
  const facilityId = (await services.users.ensureFacility('default', 'Default facility')).id;
  const explicit: string[] = [];
  const j2k: string[] = [];
  for (const file of files) {
    const result = await services.ingest.ingest(file.bytes, { facilityId });
    (file.name.includes('j2k') ? j2k : explicit).push(result.sopInstanceUid ?? '');
  }
  await services.events.idle();
  const frames = [];
  for (const sop of explicit) {
    const instance = await services.images.instances.get(sop);
    const location = instance.frames[0];
    if (location === undefined) throw new Error('no frame');
    frames.push({ key: instance.storageKey, offset: location.offset, length: location.length });
  }
  return {
    lucent,
    dataDir,
    explicit,
    j2k,
    frames,
    samples: { framePixels: [], frameRange: [], thumbnail: [], wholeFile: [] },
  };
}

async function timed(samples: number[], work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  samples.push(performance.now() - started);
}

/** One round over every instance, alternating the two apps request by request (same load on both). */
async function round(apps: Served[]): Promise<void> {
  const count = apps[0]?.explicit.length ?? 0;
  for (let i = 0; i < count; i++) {
    for (const app of apps) {
      const { services } = app.lucent;
      const sop = app.explicit[i] as string;
      const frame = app.frames[i] as { key: string; offset: number; length: number };
      await services.images.invalidate(sop, ALL_FACILITIES);
      await timed(app.samples.framePixels, () => services.images.pixels(sop, ALL_FACILITIES, 0));
      await timed(app.samples.frameRange, () => services.storage.getRange(frame.key, frame.offset, frame.length));
      await timed(app.samples.wholeFile, () => services.storage.get(frame.key));
      const j2k = app.j2k[i];
      if (j2k !== undefined) {
        await services.images.invalidate(j2k, ALL_FACILITIES);
        await timed(app.samples.thumbnail, () => services.images.render(j2k, ALL_FACILITIES, THUMBNAIL));
      }
    }
  }
}

const summary = (app: Served) => ({
  instances: { explicit: app.explicit.length, j2k: app.j2k.length },
  framePixels: stats(app.samples.framePixels),
  frameRange: stats(app.samples.frameRange),
  thumbnail: stats(app.samples.thumbnail),
  wholeFile: stats(app.samples.wholeFile),
});

const startedAt = new Date().toISOString();
const files = await generateDemoStudies({
  parts: ['ct'],
  slices: 12,
  syntaxes: ['explicit', 'j2k'],
  ctSize: 512,
  seed: 7,
});
const apps = [await serve(false, files), await serve(true, files)];
let plaintext: ReturnType<typeof summary>;
let encrypted: ReturnType<typeof summary>;
try {
  await round(apps); // warm-up: JIT, pool, codecs, page cache
  for (const app of apps) for (const list of Object.values(app.samples)) list.length = 0;
  for (let r = 0; r < rounds; r++) await round(apps);
  plaintext = summary(apps[0] as Served);
  encrypted = summary(apps[1] as Served);
} finally {
  for (const app of apps) {
    await app.lucent.close();
    await rm(app.dataDir, { recursive: true, force: true });
  }
}
const ratio = (key: 'framePixels' | 'frameRange' | 'thumbnail' | 'wholeFile', field: 'p50Ms' | 'meanMs') =>
  Math.round((encrypted[key][field] / plaintext[key][field]) * 100) / 100;
const report = {
  kind: 'at-rest',
  startedAt,
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  rounds,
  plaintext,
  encrypted,
  ratios: {
    framePixelsP50: ratio('framePixels', 'p50Ms'),
    framePixelsMean: ratio('framePixels', 'meanMs'),
    frameRangeP50: ratio('frameRange', 'p50Ms'),
    thumbnailP50: ratio('thumbnail', 'p50Ms'),
    thumbnailMean: ratio('thumbnail', 'meanMs'),
    wholeFileP50: ratio('wholeFile', 'p50Ms'),
  },
};
const path = await writeJsonReport('at-rest', report, fileURLToPath(new URL('../results/', import.meta.url)));
console.log(JSON.stringify({ ...report, path }, null, 2));
