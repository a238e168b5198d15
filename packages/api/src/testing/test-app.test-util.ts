import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '@lucent/engine';
import type { LoginInput, Role, UserProfile } from '@lucent/shared';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createApp, type LucentApp } from '../app/create-app.js';
import { type Env, loadEnv } from '../config/env.js';
import type { RequestOrigin } from '../security/auth-context.js';
import type { TrpcContext } from '../trpc/trpc.js';
import { createTestLogger, flushRunLogs, RUN_LOG_LEVEL, registerTestApp } from './phi-log-scan/run-logs.test-util.js';

/** The machine's PostgreSQL and Redis (CI starts them); override with these variables. */
const ADMIN_URL = process.env.LUCENT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.LUCENT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** `app.request` init, plus `anonymous: true` to send no credential (otherwise the admin's Bearer is added). */
export type TestRequestInit = RequestInit & { anonymous?: boolean };

export interface TestApp extends Omit<LucentApp, 'app'> {
  /** The Hono app; its `request()` signs in as the system administrator unless the request carries its own credential or says `anonymous: true`. */
  app: LucentApp['app'] & {
    request(input: string | URL | Request, init?: TestRequestInit): Response | Promise<Response>;
  };
  env: Env;
  /** The `default` facility's id (the bootstrapped administrator's; ingest calls in tests store there). */
  facilityId: string;
  /** The bootstrapped system administrator's credentials (env LUCENT_ADMIN_EMAIL / LUCENT_ADMIN_PASSWORD). */
  admin: { email: string; password: string };
  /** `Authorization: Bearer …` of the administrator's session (for sockets: fetch, dicomweb-client, the SDK). */
  readonly adminHeaders: Record<string, string>;
  readonly adminToken: string;
  /** A tRPC caller context signed in as the administrator (or as `login`'s user). */
  trpcContext(as?: TestLogin): Promise<TrpcContext>;
  /** Create a user with these roles (in `facilityCode`, created if needed; default facility `default`) and sign in. */
  login(options: TestLoginOptions): Promise<TestLogin>;
  /** Stop the app and drop its database, cache keys and files. */
  dispose(): Promise<void>;
}

export interface TestLoginOptions {
  roles: Role[];
  facilityCode?: string;
  email?: string;
  rememberMe?: boolean;
}

export interface TestLogin {
  headers: Record<string, string>;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  user: UserProfile;
  password: string;
}

export interface TestAppOptions {
  /** `real` (default): a fresh PostgreSQL database and a Redis key prefix; `embedded`: PGlite and the in-process cache. */
  backend?: 'real' | 'embedded';
  env?: Partial<Record<keyof Env, string>>;
  engine?: Engine;
  /**
   * Also hand each log line to this function. The app always logs to the run's log file (scanned for
   * patient identifiers at the end of the run, phi-log-scan/), so tests cannot pass their own logger.
   */
  captureLogs?: (line: string) => void;
  /** The clock of sessions, tokens and lockouts. */
  now?: () => number;
}

export const TEST_ADMIN = { email: 'admin@lucent.test', password: 'Test-Admin-Passw0rd!' } as const;
let loginCounter = 0;
/** Each util sign-in comes from its own address, so the per-address login limit does not trip. */
function utilOrigin(): RequestOrigin {
  loginCounter += 1;
  return { ip: `test-util-${loginCounter}`, userAgent: 'lucent-test-util', requestId: `test-login-${loginCounter}` };
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
    // What the app logs goes to the run-log file (createTestLogger), never to stdout.
    LOG_LEVEL: RUN_LOG_LEVEL,
    ENGINE_THREADS: '2',
    LUCENT_ADMIN_EMAIL: TEST_ADMIN.email,
    LUCENT_ADMIN_PASSWORD: TEST_ADMIN.password,
    // Cheap hashes keep the many test sign-ins fast; production keeps OWASP's 2^17.
    PASSWORD_SCRYPT_LN: '12',
    // Generous request limits: many requests share one user or the 'unknown' address (rate-limit tests set their own).
    RATE_LIMIT_USER_PER_HOUR: '1000000',
    RATE_LIMIT_ANONYMOUS_PER_HOUR: '1000000',
    RATE_LIMIT_UPLOADS_PER_HOUR: '1000000',
    ...(real ? { DATABASE_URL: databaseUrl, REDIS_URL: REDIS_URL, REDIS_KEY_PREFIX: `${id}:` } : {}),
    ...options.env,
  });
  const logger = createTestLogger(options.captureLogs === undefined ? {} : { capture: options.captureLogs }).child({
    testApp: id,
  });
  let lucent: LucentApp;
  try {
    lucent = await createApp({
      env,
      logger,
      ...(options.engine === undefined ? {} : { engine: options.engine }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  } catch (error) {
    if (real) await withAdmin((client) => client.query(`drop database if exists ${id} with (force)`));
    await rm(dataDir, { recursive: true, force: true });
    await flushRunLogs();
    throw error;
  }
  registerTestApp(id);
  const { services } = lucent;
  async function login(input: LoginInput): Promise<Omit<TestLogin, 'password'>> {
    const grant = await services.auth.login(input, utilOrigin());
    const { access_token: accessToken, refresh_token: refreshToken, user } = grant.tokens;
    return {
      headers: { authorization: `Bearer ${accessToken}` },
      accessToken,
      refreshToken,
      sessionId: grant.sessionId,
      user,
    };
  }
  let admin: Omit<TestLogin, 'password'>;
  let adminSince = 0;
  /** The admin's access token, renewed before its 15 minutes run out. */
  async function adminSession() {
    const now = options.now ?? Date.now;
    if (admin === undefined || now() - adminSince > 10 * 60_000) {
      admin = await login({ email: TEST_ADMIN.email, password: TEST_ADMIN.password });
      adminSince = now();
    }
    return admin;
  }
  try {
    await adminSession();
  } catch (error) {
    await lucent.close();
    throw error;
  }

  const hono = lucent.app as TestApp['app'];
  const originalRequest = hono.request.bind(hono);
  hono.request = (input: string | URL | Request, init?: TestRequestInit, ...rest: unknown[]) => {
    const { anonymous, ...requestInit } = init ?? {};
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    for (const [name, value] of new Headers(requestInit.headers)) headers.set(name, value);
    if (anonymous === true || headers.has('authorization') || headers.has('cookie'))
      return originalRequest(input, requestInit, ...(rest as []));
    return adminSession().then((session) => {
      headers.set('authorization', `Bearer ${session.accessToken}`);
      return originalRequest(input, { ...requestInit, headers }, ...(rest as []));
    });
  };

  return {
    ...lucent,
    app: hono,
    env,
    facilityId: (await services.users.ensureFacility('default', 'Default facility')).id,
    admin: { ...TEST_ADMIN },
    get adminHeaders() {
      return { ...admin.headers };
    },
    get adminToken() {
      return admin.accessToken;
    },
    async trpcContext(as) {
      const token = as?.accessToken ?? (await adminSession()).accessToken;
      return {
        services,
        requestId: 'test',
        auth: await services.auth.authenticateToken(token, 'bearer'),
        origin: { ip: 'test', userAgent: null, requestId: 'test' },
        resHeaders: new Headers(),
      };
    },
    async login({ roles, facilityCode = 'default', email, rememberMe }) {
      const facility = await services.users.ensureFacility(facilityCode, `Facility ${facilityCode}`);
      const password = `Pw-${randomBytes(9).toString('base64url')}-9a`;
      const address = email ?? `user-${randomBytes(6).toString('hex')}@lucent.test`;
      await services.users.create({ email: address, password, roles, facilityId: facility.id });
      return { ...(await login({ email: address, password, rememberMe: rememberMe === true })), password };
    },
    async dispose() {
      await lucent.close();
      if (real) await deleteRedisKeys(`${id}:`);
      if (real) await withAdmin((client) => client.query(`drop database if exists ${id} with (force)`));
      await rm(dataDir, { recursive: true, force: true });
      await flushRunLogs();
    },
  };
}
