import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_ADMIN, ensureBenchKeyFile, signIn } from './bench-auth.js';
import { freePort, type ServerProcess, spawnServer } from './server-process.js';
import { type UploadOutcome, uploadFiles } from './upload.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** How to run the API: from source through tsx, or the built `dist`. */
export type LucentBuild = 'source' | 'dist';

export const lucentEntry: Record<LucentBuild, { file: string; args: string[] }> = {
  source: {
    file: 'packages/api/src/main.ts',
    args: ['--conditions=@lucent/source', '--import', 'tsx', 'packages/api/src/main.ts'],
  },
  dist: { file: 'packages/api/dist/main.js', args: ['packages/api/dist/main.js'] },
};

/**
 * The environment of a benchmarked Lucent: production settings, warnings-only logs, embedded
 * PostgreSQL and in-process cache unless the caller passes DATABASE_URL / REDIS_URL in `extra`.
 */
export function lucentEnvironment(
  port: number,
  dataDirectory: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  return {
    ...inherited,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDirectory,
    KEYS_FILE: join(dataDirectory, 'bench-keys.json'),
    LUCENT_ADMIN_EMAIL: BENCH_ADMIN.email,
    LUCENT_ADMIN_PASSWORD: BENCH_ADMIN.password,
    // The bench measures throughput: the per-user/anonymous/upload request limits would cap it at a few hundred requests.
    RATE_LIMIT_USER_PER_HOUR: '0',
    RATE_LIMIT_ANONYMOUS_PER_HOUR: '0',
    RATE_LIMIT_UPLOADS_PER_HOUR: '0',
    ...extra,
  };
}

export interface LucentServer {
  readonly origin: string;
  /** The server's process id (for CPU accounting). */
  readonly pid: number | undefined;
  readonly build: LucentBuild;
  readonly logFile: string;
  /** `Authorization: Bearer …` of the bench administrator's session (the access token lasts 15 minutes: startLucent signs in again after each start). */
  readonly headers: Record<string, string>;
  upload(files: readonly Uint8Array[], concurrency: number): Promise<UploadOutcome<unknown>>;
  stop(): Promise<void>;
}

/** Why Lucent cannot be started from this checkout, or undefined when its entry point exists. */
export async function lucentUnavailable(build: LucentBuild): Promise<string | undefined> {
  const entry = join(repositoryRoot, lucentEntry[build].file);
  return access(entry).then(
    () => undefined,
    () => `${lucentEntry[build].file} does not exist${build === 'dist' ? ' (run pnpm build)' : ''}`,
  );
}

/**
 * Extra Node.js arguments for the benchmarked server from LUCENT_BENCH_NODE_ARGS (space-separated),
 * e.g. \`--cpu-prof --cpu-prof-dir=/tmp/prof\` to profile it under load (NODE_OPTIONS refuses --cpu-prof).
 */
export function serverNodeArguments(value = process.env.LUCENT_BENCH_NODE_ARGS): string[] {
  return (value ?? '').split(' ').filter((argument) => argument !== '');
}

/** Start the API on a free port with DATA_DIR `dataDirectory`, and wait for /health/ready. */
export async function startLucent(
  build: LucentBuild,
  dataDirectory: string,
  extraEnvironment: Record<string, string> = {},
): Promise<LucentServer> {
  const port = await freePort();
  const logFile = join(dataDirectory, `lucent-${Date.now()}.log`);
  await ensureBenchKeyFile(join(dataDirectory, 'bench-keys.json'));
  const server: ServerProcess = await spawnServer({
    command: process.execPath,
    args: [...serverNodeArguments(), ...lucentEntry[build].args],
    cwd: repositoryRoot,
    env: lucentEnvironment(port, dataDirectory, extraEnvironment),
    logFile,
    origin: `http://127.0.0.1:${port}`,
    readyPath: '/health/ready',
    readyTimeoutMs: 120_000,
  });
  const headers = await signIn(server.origin).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return {
    origin: server.origin,
    pid: server.child.pid,
    build,
    logFile,
    headers,
    upload: (files, concurrency) =>
      uploadFiles(new URL('/api/v1/instances', server.origin), files, concurrency, headers),
    stop: () => server.stop(),
  };
}
