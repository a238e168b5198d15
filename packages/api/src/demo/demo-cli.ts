import { parseArgs } from 'node:util';
import { IngestFileResult } from '@lucent/shared';
import { loadDemo } from './load-demo.js';

const usage = `Usage: pnpm demo [--url http://localhost:3000] [--slices 16] [--seed N]

Generates synthetic demo studies (no real patient data) and uploads them to a running Lucent server,
signed in with $LUCENT_TOKEN, else $LUCENT_EMAIL/$LUCENT_PASSWORD, else the administrator's
$LUCENT_ADMIN_EMAIL/$LUCENT_ADMIN_PASSWORD (the ones the server was started with).`;

/** An access token for the demo upload: given, or from signing in. */
async function accessToken(base: string): Promise<string> {
  const env = process.env;
  if (env.LUCENT_TOKEN) return env.LUCENT_TOKEN;
  const email = env.LUCENT_EMAIL || env.LUCENT_ADMIN_EMAIL;
  const password = env.LUCENT_PASSWORD || env.LUCENT_ADMIN_PASSWORD;
  if (!email || !password)
    throw new Error(
      'set LUCENT_ADMIN_EMAIL and LUCENT_ADMIN_PASSWORD (or LUCENT_EMAIL/LUCENT_PASSWORD, or LUCENT_TOKEN)',
    );
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { access_token?: string; error?: { code?: string } };
  if (!response.ok || body.access_token === undefined)
    throw new Error(`sign-in failed: ${body.error?.code ?? `HTTP ${response.status}`}`);
  return body.access_token;
}

/** `pnpm demo`: upload the synthetic demo studies to a running server over its REST API. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: process.env.LUCENT_URL ?? 'http://localhost:3000' },
      slices: { type: 'string', default: '16' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const base = values.url.replace(/\/+$/, '');
  const slices = Number(values.slices);
  const token = await accessToken(base);
  const started = performance.now();
  const counts = await loadDemo(
    async (bytes, name) => {
      const response = await fetch(`${base}/api/v1/instances`, {
        method: 'POST',
        headers: { 'content-type': 'application/dicom', authorization: `Bearer ${token}` },
        body: bytes,
      });
      const body: unknown = await response.json();
      const parsed = IngestFileResult.safeParse(body);
      if (parsed.success) return { ...parsed.data, name };
      const code = (body as { error?: { code?: string } }).error?.code ?? 'INTERNAL';
      return { name, outcome: 'failed', error: { code: code as 'INTERNAL', message: `HTTP ${response.status}` } };
    },
    { slices, ...(values.seed === undefined ? {} : { seed: Number(values.seed) }) },
    (result, progress) => {
      const mark = result.outcome === 'failed' ? `failed (${result.error?.code})` : result.outcome;
      process.stdout.write(`${String(progress.files).padStart(4)}  ${mark.padEnd(10)} ${result.name ?? ''}\n`);
    },
  );
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `\n${counts.files} files (${(counts.bytes / 1024 ** 2).toFixed(1)} MiB) in ${seconds.toFixed(1)} s: ` +
      `${counts.stored} stored, ${counts.duplicate} duplicate, ${counts.failed} failed\n`,
  );
  return counts.failed === 0 ? 0 : 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
