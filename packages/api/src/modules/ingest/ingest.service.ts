import { createHash } from 'node:crypto';
import type { Engine } from '@lucent/engine';
import { AppError, type IngestFileResult } from '@lucent/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appErrorOf } from '../../app/app-error-of.js';
import type { InstanceEvents } from '../../app/instance-events.js';
import type { Instance } from '../../db/entities.js';
import type { Database } from '../../db/open-database.js';
import type { PhiService } from '../../security/phi/phi-service.js';
import type { BlobStore } from '../../storage/blob-store.js';
import type { IngestAuditScope } from '../audit/ingest-audit.js';
import { instanceUidsOf, storageKeyFor } from './instance-record.js';
import { type InstanceFile, writeInstanceRow } from './instance-writer.js';
import { protectedColumnsOf } from './protected-columns.js';

export interface IngestOptions {
  /** The uploader's facility: new patients and studies belong to it; another facility's data is never touched. */
  facilityId: string;
  overwrite?: boolean;
  /** Shown in the result (file name in a multipart upload). */
  name?: string;
  /** The upload request's audit scope (see ingest-audit.ts); none for internal writes. */
  audit?: IngestAuditScope | undefined;
}

export interface IngestService {
  /** Store one DICOM file. Rejects with an AppError for bad input or a conflict; nothing is left behind. */
  ingest(bytes: Uint8Array, options: IngestOptions): Promise<IngestFileResult>;
  /** Like ingest, but a failure becomes a `failed` result (batch uploads keep going). */
  ingestSettled(bytes: Uint8Array, options: IngestOptions): Promise<IngestFileResult>;
}

export interface IngestDependencies {
  db: Database;
  storage: BlobStore;
  engine: Engine;
  events: InstanceEvents;
  /** Encrypts and indexes the PHI before anything is written. */
  phi: PhiService;
  maxFileBytes: number;
  /** Extra per-file work at ingest (e.g. the DICOM JSON for WADO-RS metadata), run in the engine. */
  dicomJsonOf?: (bytes: Uint8Array) => Promise<Record<string, unknown>>;
}

export function createIngestService(deps: IngestDependencies): IngestService {
  const { db, storage, engine } = deps;

  /** Identical bytes share a storage key: delete ours only when no stored instance (of any facility) uses it. */
  async function dropUnowned(storageKey: string): Promise<void> {
    const em = db.orm.em.fork() as EntityManager;
    const owned = await em
      .getKnex()('instance')
      .select('id')
      .where('storage_key', storageKey)
      .first()
      .catch(() => ({}));
    if (owned === undefined) await storage.delete(storageKey).catch(() => undefined);
  }

  async function ingest(bytes: Uint8Array, options: IngestOptions): Promise<IngestFileResult> {
    if (bytes.byteLength === 0) throw new AppError('INVALID_DICOM', { message: 'The upload is empty' });
    if (bytes.byteLength > deps.maxFileBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', { details: { limit: deps.maxFileBytes } });
    }
    const metadata = await engine.info(bytes, { copy: true });
    const uids = instanceUidsOf(metadata);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const named = { ...(options.name === undefined ? {} : { name: options.name }), ...uids, bytes: bytes.byteLength };
    const overwrite = options.overwrite === true;

    const em = db.orm.em.fork() as EntityManager;
    const known: { sha256: string; storage_key: string; facility_id: string } | undefined = await em
      .getKnex()('instance as i')
      .join('study as s', 's.id', 'i.study_id')
      .select('i.sha256', 'i.storage_key', 's.facility_id')
      .where('i.sop_instance_uid', uids.sopInstanceUid)
      .first();
    // Another facility's instance: the same answer whatever its bytes, and its file is never touched.
    if (known !== undefined && known.facility_id !== options.facilityId) throw foreign();
    if (known !== undefined && known.sha256 === sha256) {
      // Same bytes again: nothing to store, unless the stored file went missing (restored storage,
      // lost disk); then these identical bytes put it back.
      if (!(await storage.exists(known.storage_key))) await storage.put(known.storage_key, bytes);
      return { ...named, outcome: 'duplicate' };
    }
    if (known !== undefined && !overwrite) throw conflict();

    const dicomJson = deps.dicomJsonOf === undefined ? null : await deps.dicomJsonOf(bytes);
    const file: InstanceFile = {
      metadata,
      uids,
      storageKey: storageKeyFor(uids, sha256),
      sha256,
      size: bytes.byteLength,
      protected: await protectedColumnsOf(deps.phi, metadata, uids.studyInstanceUid, dicomJson),
    };
    await storage.put(file.storageKey, bytes);
    let outcome: Awaited<ReturnType<typeof writeInstanceRow>>;
    try {
      // A knex transaction, not em.transactional: MikroORM's runs inside an AsyncLocalStorage, which on
      // Node 20 then hooks every promise of every later request (~13% of a cached image's throughput).
      outcome = await db.knex.transaction((trx) => writeInstanceRow(trx, file, overwrite, options.facilityId));
    } catch (error) {
      await dropUnowned(file.storageKey);
      throw error;
    }
    if (outcome.kind === 'foreign') {
      await dropUnowned(file.storageKey);
      throw foreign();
    }
    if (outcome.kind === 'exists') {
      // Someone else stored this SOP Instance UID meanwhile. Same bytes share our storage key: keep it.
      if (outcome.storageKey !== file.storageKey) await storage.delete(file.storageKey).catch(() => undefined);
      if (outcome.sha256 === sha256) return { ...named, outcome: 'duplicate' };
      throw conflict();
    }
    if (outcome.kind === 'replaced' && outcome.previousKey !== file.storageKey) {
      await storage.delete(outcome.previousKey).catch(() => undefined);
    }
    const instance = await em.findOneOrFail<Instance>('Instance', { id: outcome.id });
    deps.events.emitStored({ instance, bytes, replaced: outcome.kind === 'replaced', audit: options.audit });
    return { ...named, outcome: outcome.kind === 'replaced' ? 'overwritten' : 'stored' };
  }

  return {
    ingest,
    async ingestSettled(bytes, options) {
      try {
        return await ingest(bytes, options);
      } catch (error) {
        const appError = appErrorOf(error);
        if (appError.code === 'INTERNAL' || appError.status >= 500) throw error;
        return {
          ...(options.name === undefined ? {} : { name: options.name }),
          outcome: 'failed',
          bytes: bytes.byteLength,
          error: { code: appError.code, message: appError.message },
        };
      }
    },
  };
}

/**
 * The study, series or instance UID is another facility's: refused without saying whose, what it
 * holds, or whether the bytes match (the same answer either way).
 */
function foreign(): AppError {
  return new AppError('INSTANCE_CONFLICT', {
    message: "The instance's study, series or SOP Instance UID is already in use and cannot be stored here",
  });
}

function conflict(): AppError {
  return new AppError('INSTANCE_CONFLICT');
}
