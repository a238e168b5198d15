import { randomBytes } from 'node:crypto';
import type { Engine } from '@lucent/engine';
import type { Knex } from '@mikro-orm/postgresql';
import type { Database } from '../../db/open-database.js';
import type { Logger } from '../../observability/logger.js';
import type { FsBlobStore } from '../../storage/fs-blob-store.js';
import { isFieldToken } from '../phi/phi-cipher.js';
import { type FieldLocation, fieldLocations } from './field-locations.js';
import { newKeyId } from './generate-keys.js';
import type { KeyMaterial } from './key-material.js';
import { readKeyFile, writeKeyFile } from './load-keys.js';

export interface RotationProgress {
  state: 'idle' | 'running' | 'done' | 'failed';
  targetKeyId: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  fieldsRotated: number;
  filesRewrapped: number;
  error: string | null;
}

export interface KeyUsage {
  keyId: string;
  active: boolean;
  /** Field tokens still encrypted with this key. */
  fields: number;
  /** Stored files whose data key is wrapped with this key. */
  files: number;
  /** Nothing uses the key any more: it may be removed from the ring. */
  retirable: boolean;
}

export interface KeyStatus {
  activeKeyId: string;
  keys: KeyUsage[];
  /** Stored files written without encryption (before it, or with ENCRYPT_FILES=false). */
  plaintextFiles: number;
  rotation: RotationProgress;
}

export interface KeyRotation {
  /**
   * Development and tests: add a new data key to the key file (written atomically) and make it active.
   * Production (or keys given in LUCENT_KEYS): the operator has already supplied the new ring and
   * restarted; nothing is generated. Either way a background job then re-encrypts every field token
   * and re-wraps every file data key under the active key.
   */
  rotate(): Promise<RotationProgress>;
  status(): Promise<KeyStatus>;
  /** Resolves when the running re-encryption job (if any) ends. */
  idle(): Promise<void>;
}

export interface KeyRotationDeps {
  keys: KeyMaterial;
  /** Where the key file lives; undefined when the keys come from LUCENT_KEYS. */
  keyFilePath: string | undefined;
  production: boolean;
  db: Database;
  storage: FsBlobStore;
  engine: Engine;
  logger: Logger;
}

const BATCH = 200;

export function createKeyRotation(deps: KeyRotationDeps): KeyRotation {
  const { keys, db, storage, engine, logger } = deps;
  const knex: Knex = db.knex;
  let progress: RotationProgress = {
    state: 'idle',
    targetKeyId: null,
    startedAt: null,
    finishedAt: null,
    fieldsRotated: 0,
    filesRewrapped: 0,
    error: null,
  };
  let running: Promise<void> = Promise.resolve();

  async function addDataKey(): Promise<void> {
    if (deps.production || deps.keyFilePath === undefined) return;
    const file = await readKeyFile(deps.keyFilePath);
    if (file === undefined) return;
    const id = newKeyId('d');
    const next = {
      ...file,
      data: { activeKeyId: id, keys: { ...file.data.keys, [id]: randomBytes(32).toString('base64') } },
    };
    await writeKeyFile(deps.keyFilePath, next);
    keys.dataRing = {
      activeKeyId: id,
      keys: { ...keys.dataRing.keys, [id]: new Uint8Array(Buffer.from(next.data.keys[id] as string, 'base64')) },
    };
  }

  /** Re-encrypt the tokens of one location whose key is not the active one (compare-and-set per row). */
  async function rotateLocation(location: FieldLocation): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const active = keys.dataRing.activeKeyId;
      const rows: Array<{ id: string; token: string }> = await knex
        .from(location.table)
        .select('id', knex.raw(`${location.select} as token`))
        .whereRaw(`${location.select} is not null and split_part(${location.select}, '.', 2) <> ?`, [active])
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH);
      if (rows.length === 0) return;
      for (const row of rows) {
        after = row.id;
        if (!isFieldToken(row.token)) continue;
        const rotated = await engine.rotateField(row.token, keys.dataRing, { aad: location.aad });
        const changed = await knex
          .from(location.table)
          .where('id', row.id)
          .whereRaw(`${location.select} = ?`, [row.token])
          .update({ [location.column]: knex.raw(location.update, [rotated]) });
        progress.fieldsRotated += changed;
      }
    }
  }

  async function run(): Promise<void> {
    for (const location of fieldLocations) await rotateLocation(location);
    for await (const key of storage.keys()) {
      if (await storage.rewrap(key)) progress.filesRewrapped += 1;
    }
  }

  async function countFields(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const location of fieldLocations) {
      const rows: Array<{ key_id: string; n: string | number }> = await knex
        .from(location.table)
        .select(knex.raw(`split_part(${location.select}, '.', 2) as key_id`), knex.raw('count(*) as n'))
        .whereRaw(`${location.select} like 'v1.%'`)
        .groupByRaw('1');
      for (const row of rows) counts.set(row.key_id, (counts.get(row.key_id) ?? 0) + Number(row.n));
    }
    return counts;
  }

  return {
    async rotate() {
      if (progress.state === 'running') return { ...progress };
      await addDataKey();
      progress = {
        state: 'running',
        targetKeyId: keys.dataRing.activeKeyId,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        fieldsRotated: 0,
        filesRewrapped: 0,
        error: null,
      };
      logger.info({ keyId: progress.targetKeyId }, 'key rotation: re-encrypting fields and re-wrapping file keys');
      running = run().then(
        () => {
          progress = { ...progress, state: 'done', finishedAt: new Date().toISOString() };
          logger.info({ fields: progress.fieldsRotated, files: progress.filesRewrapped }, 'key rotation done');
        },
        (error: unknown) => {
          progress = {
            ...progress,
            state: 'failed',
            finishedAt: new Date().toISOString(),
            error: error instanceof Error ? error.message : String(error),
          };
          logger.error({ err: error }, 'key rotation failed');
        },
      );
      return { ...progress };
    },
    async status() {
      const fields = await countFields();
      const files = new Map<string, number>();
      let plaintextFiles = 0;
      for await (const key of storage.keys()) {
        const keyId = await storage.keyIdOf(key).catch(() => null);
        if (keyId === null) plaintextFiles += 1;
        else files.set(keyId, (files.get(keyId) ?? 0) + 1);
      }
      const ids = new Set([...Object.keys(keys.dataRing.keys), ...fields.keys(), ...files.keys()]);
      const activeKeyId = keys.dataRing.activeKeyId;
      return {
        activeKeyId,
        keys: [...ids].sort().map((keyId) => {
          const usage = { fields: fields.get(keyId) ?? 0, files: files.get(keyId) ?? 0 };
          const active = keyId === activeKeyId;
          return { keyId, active, ...usage, retirable: !active && usage.fields === 0 && usage.files === 0 };
        }),
        plaintextFiles,
        rotation: { ...progress },
      };
    },
    idle: () => running,
  };
}
