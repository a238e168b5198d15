import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeJsonReport } from '../common/report-file.js';
import { startLucent } from '../http/lucent-server.js';
import { measureLogin, measureRefresh } from './auth-bench.js';
import { measureOverhead } from './auth-overhead.js';

const usage = `Usage: pnpm bench:auth [--redis <url>] [--postgres <url>] [--requests <n>] [--rounds <n>] [--out <dir>]
Starts Lucent (production settings, OWASP scrypt cost) and measures: sign-in at 20 concurrent
(p50/p99), a chain of token refreshes, and an authenticated against an anonymous request on the same
cheap route: --requests pairs (default 5000) split into --rounds rounds (default 5); the figure judged
against the ≤ 1 ms target is the median of the rounds' p99 differences. The login rate limit is lifted
for the run.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      redis: { type: 'string' },
      postgres: { type: 'string' },
      requests: { type: 'string', default: '5000' },
      rounds: { type: 'string', default: '5' },
      out: { type: 'string', default: fileURLToPath(new URL('../results/', import.meta.url)) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const rounds = Number(values.rounds);
  const requestsPerRound = Math.ceil(Number(values.requests) / rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || !(requestsPerRound >= 1)) {
    console.error(usage);
    return 2;
  }
  const startedAt = new Date().toISOString();
  const dataDirectory = await mkdtemp(join(tmpdir(), 'lucent-bench-auth-'));
  const environment: Record<string, string> = { LOGIN_ATTEMPTS_PER_MINUTE: '1000000' };
  if (values.redis !== undefined) {
    environment.REDIS_URL = values.redis;
    environment.REDIS_KEY_PREFIX = `lucent_bench_auth_${process.pid}:`;
  }
  if (values.postgres !== undefined) environment.DATABASE_URL = values.postgres;
  const lucent = await startLucent('source', dataDirectory, environment);
  try {
    const authorization = lucent.headers.authorization ?? '';
    console.log(`Lucent at ${lucent.origin} (sessions: ${values.redis === undefined ? 'in process' : 'Redis'})`);
    // Overhead first: the sign-in waves below end this session (3 sessions per user).
    const overhead = await measureOverhead(lucent.origin, authorization, { rounds, requestsPerRound });
    console.log(
      `authenticated vs anonymous GET /health/live, all rounds: p50 ${overhead.authenticated.p50} vs ${overhead.anonymous.p50} ms, ` +
        `p99 ${overhead.authenticated.p99} vs ${overhead.anonymous.p99} ms (p99 difference ${overhead.p99DifferenceMs} ms)`,
    );
    console.log(
      `p99 difference per round (${rounds} × ${requestsPerRound} pairs): ${overhead.perRoundP99DifferenceMs.join(', ')} ms; ` +
        `median ${overhead.medianP99DifferenceMs} ms (target ≤ 1 ms: ${overhead.medianP99DifferenceMs <= 1 ? 'met' : 'NOT met'})`,
    );
    const refresh = await measureRefresh(lucent.origin, 200);
    console.log(`token refresh: p50 ${refresh.p50} ms, p99 ${refresh.p99} ms`);
    const login = await measureLogin(lucent.origin, 20, 3);
    console.log(
      `login at 20 concurrent: p50 ${login.p50} ms, p99 ${login.p99} ms, failed ${JSON.stringify(login.failed)}`,
    );
    const report = {
      schemaVersion: 1,
      startedAt,
      finishedAt: new Date().toISOString(),
      environment: {
        node: process.version,
        cpus: cpus().length,
        loadavg: loadavg(),
        sessions: values.redis === undefined ? 'in process' : 'Redis',
        database: values.postgres === undefined ? 'embedded PGlite' : 'PostgreSQL',
        scrypt: 'ln=17, r=8, p=1 (production default)',
      },
      login: { concurrency: 20, ...login },
      refresh,
      overhead: {
        route: 'GET /health/live',
        targetP99DifferenceMs: 1,
        targetMet: overhead.medianP99DifferenceMs <= 1,
        ...overhead,
      },
    };
    console.log(`wrote ${await writeJsonReport('auth', report, values.out)}`);
    return 0;
  } finally {
    await lucent.stop();
    await rm(dataDirectory, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
