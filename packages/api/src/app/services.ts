import { join } from 'node:path';
import { createEngine, type Engine } from '@lucent/engine';
import type { KeyValueCache } from '../cache/key-value-cache.js';
import { createMemoryCache } from '../cache/memory-cache.js';
import { createRedisCache } from '../cache/redis-cache.js';
import type { Env } from '../config/env.js';
import { type Database, openDatabase } from '../db/open-database.js';
import { type AuditService, createAuditService } from '../modules/audit/audit.service.js';
import { auditSecurityEvents } from '../modules/audit/security-audit.js';
import { createImagesService, type ImagesService } from '../modules/images/images.service.js';
import { createIngestService, type IngestService } from '../modules/ingest/ingest.service.js';
import { createUploadService, type UploadService } from '../modules/ingest/upload.service.js';
import { createJobsService, type JobsService, markInterruptedJobs } from '../modules/jobs/jobs.service.js';
import { createStudiesService, type StudiesService } from '../modules/studies/studies.service.js';
import { createUsersAdminService, type UsersAdminService } from '../modules/users/users-admin.service.js';
import { instrumentEngine } from '../observability/instrument-engine.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import type { KeyMaterial } from '../security/keys/key-material.js';
import { createKeyRotation, type KeyRotation } from '../security/keys/key-rotation.js';
import { loadKeys } from '../security/keys/load-keys.js';
import { backfillPhi } from '../security/phi/phi-backfill.js';
import { createPhiService, type PhiService } from '../security/phi/phi-service.js';
import { createFsBlobStore, type FsBlobStore } from '../storage/fs-blob-store.js';
import { closeIdentityServices, createIdentityServices, type IdentityServices } from './identity-services.js';
import { createInstanceEvents, type InstanceEvents } from './instance-events.js';

/** Everything a request handler may use. Built once by createServices, closed in reverse order. */
export interface Services {
  env: Env;
  logger: Logger;
  metrics: Metrics;
  db: Database;
  /** Signing keys, the PHI master key ring, index and URL keys (security/keys). */
  keys: KeyMaterial;
  /** DICOM files and derived copies; encrypted at rest unless ENCRYPT_FILES=false. */
  storage: FsBlobStore;
  engine: Engine;
  cache: KeyValueCache;
  events: InstanceEvents;
  studies: StudiesService;
  ingest: IngestService;
  /** Uploads (forms, images, background jobs) on top of ingest. */
  uploads: UploadService;
  jobs: JobsService;
  /** PHI at rest: field encryption and blind indexes (security/phi). */
  phi: PhiService;
  /** Master data key rotation: re-encrypts field tokens and re-wraps file keys in the background. */
  keyRotation: KeyRotation;
  /** Progressive images, their caches, J2K decoded copies and thumbnail pre-rendering. */
  images: ImagesService;
  /** The append-only, hash-chained audit trail (modules/audit). */
  audit: AuditService;
  /** Identity (issue 4): security events, users, sessions, sign-in, login rate limits. */
  securityEvents: IdentityServices['securityEvents'];
  users: IdentityServices['users'];
  sessions: IdentityServices['sessions'];
  auth: IdentityServices['auth'];
  rateLimiter: IdentityServices['rateLimiter'];
  /** User management for administrators (rbac: facility rules, session ends, security events). */
  usersAdmin: UsersAdminService;
}

export interface ServiceOverrides {
  /** Share one engine between apps (tests); it is then not closed with the app. */
  engine?: Engine;
  /** The clock of sessions, tokens, lockouts and signed URLs (tests inject one). */
  now?: () => number;
}

export async function createServices(env: Env, logger: Logger, overrides: ServiceOverrides = {}): Promise<Services> {
  const metrics = createMetrics();
  const keyFilePath = env.KEYS_FILE ?? join(env.DATA_DIR, 'keys', 'keys.json');
  const { material: keys } = await loadKeys({
    path: keyFilePath,
    inline: env.LUCENT_KEYS,
    production: env.NODE_ENV === 'production',
    onGenerated: (path) =>
      logger.warn({ path }, 'generated new keys for development; in production provide LUCENT_KEYS or KEYS_FILE'),
  });
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, logger });
  const storage = createFsBlobStore(join(env.DATA_DIR, 'files'), {
    ring: () => keys.dataRing,
    encryptWrites: env.ENCRYPT_FILES,
  });
  const engine = instrumentEngine(
    overrides.engine ?? createEngine(env.ENGINE_THREADS === undefined ? {} : { threads: env.ENGINE_THREADS }),
    metrics.engineTaskDuration,
  );
  // Warm the pool: the first task on each thread loads the worker; do it before taking traffic.
  await Promise.all(Array.from({ length: engine.stats().maxThreads }, () => engine.ping({ timeoutMs: 60_000 })));
  const cache =
    env.REDIS_URL === undefined
      ? createMemoryCache({ maxBytes: env.RENDER_CACHE_MAX_BYTES })
      : createRedisCache({ url: env.REDIS_URL, prefix: env.REDIS_KEY_PREFIX, maxBytes: env.RENDER_CACHE_MAX_BYTES });
  const events = createInstanceEvents((error) => logger.warn({ err: error }, 'post-ingest work failed'));
  const audit = createAuditService({
    db,
    engine,
    logger,
    imageReadWindowMs: env.AUDIT_IMAGE_READ_WINDOW_MS,
    writeGatherMs: env.AUDIT_WRITE_GATHER_MS,
  });
  events.onStored(({ instance, replaced, audit: scope }) =>
    audit.ingest.stored(instance.sopInstanceUid, replaced, scope),
  );
  const phi = createPhiService(keys, engine);
  const backfilled = await backfillPhi(db, phi);
  if (Object.values(backfilled).some((count) => count > 0)) {
    logger.info(backfilled, 'encrypted the PHI of rows stored before PHI encryption');
  }
  const studies = createStudiesService(db, phi);
  const images = createImagesService({
    db,
    storage,
    engine,
    cache,
    metrics,
    renderCacheMaxBytes: env.RENDER_CACHE_MAX_BYTES,
    renderCacheMaxItemBytes: env.RENDER_CACHE_MAX_ITEM_BYTES,
    frameCacheMaxBytes: env.FRAME_CACHE_MAX_BYTES,
    prerenderThumbnails: env.PRERENDER_THUMBNAILS,
    derivedJ2kFrames: env.DERIVED_J2K_FRAMES,
    derivedReducedFrames: env.DERIVED_REDUCED_FRAMES,
  });
  events.onStored(({ instance, bytes, replaced }) => images.afterStored(instance.sopInstanceUid, bytes, replaced));
  const ingest = createIngestService({
    db,
    storage,
    engine,
    events,
    phi,
    maxFileBytes: env.MAX_FILE_BYTES,
    // WADO-RS metadata is served from instance.dicom_json, computed once here.
    dicomJsonOf: (bytes) => engine.dicomJson(bytes, { copy: true }),
  });
  // Jobs cannot outlive the process: fail those a previous run left unfinished, drop their spooled bodies.
  await markInterruptedJobs(db);
  const jobs = createJobsService({ db, logger, cipher: phi.cipher });
  const uploads = createUploadService({ env, db, ingest, jobs, phi });
  await uploads.removeLeftovers();
  const keyRotation = createKeyRotation({
    keys,
    keyFilePath: env.LUCENT_KEYS === undefined ? keyFilePath : undefined,
    production: env.NODE_ENV === 'production',
    db,
    storage,
    engine,
    logger,
  });
  const identity = await createIdentityServices({
    env,
    logger,
    db,
    engine,
    keys,
    now: overrides.now,
    subscribe: (securityEvents) => auditSecurityEvents(securityEvents, audit, db),
  });
  return {
    env,
    logger,
    metrics,
    db,
    keys,
    storage,
    engine,
    cache,
    events,
    studies,
    ingest,
    uploads,
    jobs,
    phi,
    keyRotation,
    images,
    audit,
    ...identity,
    usersAdmin: createUsersAdminService({
      db,
      users: identity.users,
      sessions: identity.sessions,
      events: identity.securityEvents,
    }),
  };
}

/** Close in reverse order of creation; background work first. */
export async function closeServices(services: Services, overrides: ServiceOverrides = {}): Promise<void> {
  await services.keyRotation.idle();
  await services.jobs.close();
  await services.events.idle();
  await services.securityEvents.idle();
  await services.audit.close();
  await services.cache.close();
  await closeIdentityServices(services);
  if (overrides.engine === undefined) await services.engine.close();
  await services.db.close();
}
