import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUN_LOG_DIR_VARIABLE } from './run-logs.test-util.js';

/**
 * Vitest global setup of `pnpm test` (vitest.config.ts): every API the tests create logs at debug
 * level to files of one directory per run (run-logs.test-util.ts); after the last test file,
 * scan-logs-cli scans those files for the test patients' identifiers. A finding, or logs that were
 * evidently not written, fails the run (exit code 1) and keeps the directory for inspection; the
 * report names the file and line, never the identifier. With LUCENT_TEST_LOG_DIR set beforehand,
 * that directory is used and kept.
 */
const scanner = fileURLToPath(new URL('./scan-logs-cli.test-util.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
let dir = '';
let given = false;

export async function setup(): Promise<void> {
  given = (process.env[RUN_LOG_DIR_VARIABLE] ?? '') !== '';
  dir = given ? (process.env[RUN_LOG_DIR_VARIABLE] as string) : await mkdtemp(join(tmpdir(), 'lucent-test-logs-'));
  await mkdir(dir, { recursive: true });
  process.env[RUN_LOG_DIR_VARIABLE] = dir;
}

/** The scanner in its own Node process (the global setup's module runner does not resolve the workspace's sources). */
function scan(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=@lucent/source', scanner, '--run-dir', dir],
      { cwd: repositoryRoot, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

export async function teardown(): Promise<void> {
  // Vitest does not fail the run when a global teardown throws, and ends the process when the
  // teardown outlasts teardownTimeout: fail closed, and give the run its own exit code back only
  // once the scan found nothing.
  const exitCode = process.exitCode;
  process.exitCode = 1;
  const { code, output } = await scan();
  if (code !== 0) {
    process.stderr.write(`\n${output}  (logs kept in ${dir})\n`);
    return;
  }
  process.stdout.write(`\n${output}`);
  if (!given) await rm(dir, { recursive: true, force: true });
  process.exitCode = exitCode;
}
