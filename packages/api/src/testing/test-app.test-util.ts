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
import type { AuthContext } from '../security/auth-context.js';
import { createTestIdentities, testAuth } from './test-identity.test-util.js';

/** The machine's PostgreSQL and Redis (CI starts them); override with these variables. */
const ADMIN_URL = process.env.LUCENT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.LUCENT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export interface TestApp extends LucentApp {
  env: Env;
  /** The `default` facility's id (created by migration 004 or here). */
  facilityId: string;
  /** A system administrator of the default facility: requests without a test identity header act as it. */
  admin: AuthContext;
  /** Act as another identity: `app.request(path, { headers: app.as(auth) })`; `as(null)` is anonymous. */
  as(auth: AuthContext | null): Record<string, string>;
  /** Stop the app and drop its database, cache keys and files. */
  dispose(): Promise<void>;
}

export interface TestAppOptions {
  /** `real` (default): a fresh PostgreSQL database and a Redis key prefix; `embedded`: PGlite and the in-process cache. */
  backend?: 'real' | 'embedded';
  env?: Partial<Record<keyof Env, string>>;
  engine?: Engine;
  logger?: Logger;
  /** Requests without a test identity header are anonymous instead of the system administrator. */
  anonymousByDefault?: boolean;
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

/** The id of the `default` facility (migration 004 creates it; created here too so the test util stands alone). */
async function defaultFacilityId(lucent: LucentApp): Promise<string> {
  const connection = lucent.services.db.orm.em.getConnection();
  await connection.execute(
    "insert into facility (id, code, name) values (gen_random_uuid(), 'default', 'Default facility') on conflict (code) do nothing",
  );
  const [row] = await connection.execute<Array<{ id: string }>>("select id from facility where code = 'default'");
  if (row === undefined) throw new Error('no default facility');
  return row.id;
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
  let admin: AuthContext | null = null;
  const identities = createTestIdentities(() => (options.anonymousByDefault === true ? null : admin));
  let lucent: LucentApp;
  let facilityId: string;
  try {
    lucent = await createApp({
      env,
      authenticate: identities.authenticate,
      ...(options.engine === undefined ? {} : { engine: options.engine }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    facilityId = await defaultFacilityId(lucent);
    admin = testAuth(['system_admin'], { facilityId });
  } catch (error) {
    if (real) await withAdmin((client) => client.query(`drop database if exists ${id} with (force)`));
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...lucent,
    env,
    facilityId,
    admin: admin as AuthContext,
    as: identities.headersFor,
    async dispose() {
      await lucent.close();
      if (real) await deleteRedisKeys(`${id}:`);
      if (real) await withAdmin((client) => client.query(`drop database if exists ${id} with (force)`));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
