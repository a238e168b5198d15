import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { syntheticPatients } from '../synthetic-patients.test-util.js';
import { setup, teardown } from './global-setup.test-util.js';
import { RUN_LOG_DIR_VARIABLE, STARTED_APPS_FILE } from './run-logs.test-util.js';

const request = '{"level":30,"testApp":"app-1","msg":"request","route":"/api/v1/instances","status":201}';

/**
 * The global setup run in this worker against a directory of its own (the run's own variable and exit
 * code restored), its report captured rather than printed.
 */
async function runScan(
  lines: string[],
): Promise<{ exitCode: typeof process.exitCode; files: string[]; report: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'lucent-global-setup-test-'));
  const variable = process.env[RUN_LOG_DIR_VARIABLE];
  const exitCode = process.exitCode;
  const printed: string[] = [];
  const capture = (text: string | Uint8Array) => printed.push(String(text)) > 0;
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    process.env[RUN_LOG_DIR_VARIABLE] = dir;
    await setup();
    await writeFile(join(dir, 'some.test.ts.1.log'), `${lines.join('\n')}\n`);
    await writeFile(join(dir, STARTED_APPS_FILE), 'app-1\tsome.test.ts\n');
    process.exitCode = undefined;
    await teardown();
    return { exitCode: process.exitCode, files: await readdir(dir), report: printed.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = exitCode;
    process.env[RUN_LOG_DIR_VARIABLE] = variable;
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the end-of-run log scan (vitest global setup)', () => {
  afterEach(() => {
    expect(process.env[RUN_LOG_DIR_VARIABLE]).toBeTruthy();
  });

  it('leaves the exit code alone when the logs are clean', async () => {
    const { exitCode, files, report } = await runScan([request, request]);
    expect(exitCode).toBeUndefined();
    expect(report).toContain(
      'PHI log scan: no test patient identifier in 1 log files, 2 lines (2 requests, 1 test apps)',
    );
    expect(files).toContain('some.test.ts.1.log'); // a directory given by the caller is kept
  });

  it('sets exit code 1 when a log line holds a test patient identifier', async () => {
    const { exitCode } = await runScan([
      request,
      `{"level":50,"msg":"failed for ${syntheticPatients.legacyRow.patientId}"}`,
    ]);
    expect(exitCode).toBe(1);
  });
});
