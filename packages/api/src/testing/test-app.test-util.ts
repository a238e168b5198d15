import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '@lucent/engine';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createApp, type LucentApp } from '../app/create-app.js';
import { type Env, loadEnv } from '../config/env.js';
import type { Logger } from '../observability/logger.js';

/** The machine's PostgreSQL and Redis (CI starts them); override with these variables. */
const ADMIN_URL = process.env.LUCENT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.LUCENT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export interface TestApp extends LucentApp {
  env: Env;
  /** Stop the app and drop its database, cache keys and files. */
  dispose(): Promise<void>;
}

export interface TestAppOptions {
  /** `real` (default): a fresh PostgreSQL database and a Redis key prefix; `embedded`: PGlite and the in-process cache. */
  backend?: 'real' | 'embedded';
  env?: Partial<Record<keyof Env, string>>;
  engine?: Engine;
  logger?: Logger;
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Every Redis key under `prefix` (the cache's entries and its byte-budget bookkeeping). */
async function deleteRedisKeys(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/** A whole app on its own database (created here, dropped by dispose), own Redis prefix and own DATA_DIR. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const id = `lucent_t_${randomBytes(6).toString('hex')}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'lucent-api-test-'));
  const real = (options.backend ?? 'real') === 'real';
  let databaseUrl: string | undefined;
  if (real) {
    await withAdmin((client) => client.query(`create database ${id}`));
    const url = new URL(ADMIN_URL);
    url.pathname = `/${id}`;
    databaseUrl = url.toString();
  }
  const env = loadEnv({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ENGINE_THREADS: '2',
    ...(real ? { DATABASE_URL: databaseUrl, REDIS_URL: REDIS_URL, REDIS_KEY_PREFIX: `${id}:` } : {}),
    ...options.env,
  });
  let lucent: LucentApp;
  try {
    lucent = await createApp({
      env,
      ...(options.engine === undefined ? {} : { engine: options.engine }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  } catch (error) {
    if (real) await withAdmin((client) => client.query(`drop database if exists ${id} with (force)`));
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...lucent,
    env,
    async dispose() {
      await lucent.close();
      if (real) await deleteRedisKeys(`${id}:`);
      if (real) await withAdmin((client) => client.query(`drop database if exists ${id} with (force)`));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
