import { createHash } from 'node:crypto';
import type { Engine } from '@lucent/engine';
import { AppError, type IngestFileResult } from '@lucent/shared';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { appErrorOf } from '../../app/app-error-of.js';
import type { InstanceEvents } from '../../app/instance-events.js';
import type { Instance } from '../../db/entities.js';
import type { Database } from '../../db/open-database.js';
import type { PhiService } from '../../security/phi/phi-service.js';
import type { BlobStore } from '../../storage/blob-store.js';
import { instanceUidsOf, storageKeyFor } from './instance-record.js';
import { type InstanceFile, writeInstanceRow } from './instance-writer.js';
import { protectedColumnsOf } from './protected-columns.js';

export interface IngestOptions {
  overwrite?: boolean;
  /** Shown in the result (file name in a multipart upload). */
  name?: string;
}

export interface IngestService {
  /** Store one DICOM file. Rejects with an AppError for bad input or a conflict; nothing is left behind. */
  ingest(bytes: Uint8Array, options?: IngestOptions): Promise<IngestFileResult>;
  /** Like ingest, but a failure becomes a `failed` result (batch uploads keep going). */
  ingestSettled(bytes: Uint8Array, options?: IngestOptions): Promise<IngestFileResult>;
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

  async function ingest(bytes: Uint8Array, options: IngestOptions = {}): Promise<IngestFileResult> {
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
    const known: { sha256: string; storage_key: string } | undefined = await em
      .getKnex()('instance')
      .select('sha256', 'storage_key')
      .where('sop_instance_uid', uids.sopInstanceUid)
      .first();
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
      outcome = await em.transactional((tx) =>
        writeInstanceRow(
          (tx as EntityManager).getTransactionContext<Knex.Transaction>() as Knex.Transaction,
          file,
          overwrite,
        ),
      );
    } catch (error) {
      // Identical bytes share a storage key: a concurrent upload of the same file may own it by now.
      const owned = await em
        .getKnex()('instance')
        .select('id')
        .where('storage_key', file.storageKey)
        .first()
        .catch(() => ({}));
      if (owned === undefined) await storage.delete(file.storageKey).catch(() => undefined);
      throw error;
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
    deps.events.emitStored({ instance, bytes, replaced: outcome.kind === 'replaced' });
    return { ...named, outcome: outcome.kind === 'replaced' ? 'overwritten' : 'stored' };
  }

  return {
    ingest,
    async ingestSettled(bytes, options = {}) {
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

function conflict(): AppError {
  return new AppError('INSTANCE_CONFLICT');
}
