import { parseArgs } from 'node:util';
import { IngestFileResult } from '@lucent/shared';
import { loadDemo } from './load-demo.js';

const usage = `Usage: pnpm demo [--url http://localhost:3000] [--slices 16] [--seed N]

Generates synthetic demo studies (no real patient data) and uploads them to a running Lucent server.`;

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
  const started = performance.now();
  const counts = await loadDemo(
    async (bytes, name) => {
      const response = await fetch(`${base}/api/v1/instances`, {
        method: 'POST',
        headers: { 'content-type': 'application/dicom' },
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
