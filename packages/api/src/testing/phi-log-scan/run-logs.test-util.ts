import { appendFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pino } from 'pino';
import { expect } from 'vitest';
import { createLogger, type Logger } from '../../observability/logger.js';

/**
 * Every API the tests create logs, at a verbose level, to a file of the run's log directory; at the
 * end of `pnpm test` the global setup (global-setup.test-util.ts) scans those files for the test
 * patients' identifiers. The directory is passed to the test workers through this variable.
 */
export const RUN_LOG_DIR_VARIABLE = 'LUCENT_TEST_LOG_DIR';
/** debug: request logs, job logs, warnings, errors and the database's start-up messages. */
export const RUN_LOG_LEVEL = 'debug';
/** One line per test app created (`id<TAB>test file`), written beside the logs, not through them. */
export const STARTED_APPS_FILE = 'started-apps.tsv';

type FileDestination = ReturnType<typeof pino.destination>;
const destinations = new Map<string, FileDestination>();

export function runLogDir(): string | undefined {
  const dir = process.env[RUN_LOG_DIR_VARIABLE];
  return dir === undefined || dir === '' ? undefined : dir;
}

/** The running test file, relative to the repository root (vitest's root), or undefined outside a test. */
function currentTestFile(): string | undefined {
  const path = expect.getState().testPath;
  return path === undefined ? undefined : relative(process.cwd(), path);
}

/** This process's log file for the running test file (async writes, flushed on dispose and at exit). */
function fileDestination(dir: string): FileDestination {
  const name = `${(currentTestFile() ?? 'outside-a-test').replace(/[^A-Za-z0-9._-]+/g, '_')}.${process.pid}.log`;
  let destination = destinations.get(name);
  if (destination === undefined) {
    destination = pino.destination({ dest: join(dir, name), sync: false, mkdir: true, minLength: 0 });
    destinations.set(name, destination);
    if (destinations.size === 1) process.once('exit', flushRunLogsSync);
  }
  return destination;
}

function flushRunLogsSync(): void {
  for (const destination of destinations.values()) {
    try {
      destination.flushSync();
    } catch {
      // Nothing pending, or the file is already closed.
    }
  }
}

/** Write out what the run-log files still buffer (a test app's dispose calls this). */
export async function flushRunLogs(): Promise<void> {
  await Promise.all(
    [...destinations.values()].map((destination) => new Promise<void>((resolve) => destination.flush(() => resolve()))),
  );
}

export interface TestLoggerOptions {
  /** Also hand every line to this function (tests that assert on log lines). */
  capture?: (line: string) => void;
}

/**
 * The logger of a test app: the product's logger (same redaction) writing to the run-log file at
 * RUN_LOG_LEVEL; outside vitest without a run-log directory, silent except for `capture`.
 */
export function createTestLogger(options: TestLoggerOptions = {}): Logger {
  const dir = runLogDir();
  // Under vitest the global setup always sets the directory: without it the scan would pass on no logs.
  if (dir === undefined && process.env.VITEST !== undefined)
    throw new Error(`${RUN_LOG_DIR_VARIABLE} is not set: run the tests with the repository's vitest.config.ts`);
  const { capture } = options;
  const streams: pino.StreamEntry[] = [];
  if (dir !== undefined) streams.push({ level: RUN_LOG_LEVEL, stream: fileDestination(dir) });
  if (capture !== undefined) streams.push({ level: RUN_LOG_LEVEL, stream: { write: (line: string) => capture(line) } });
  if (streams.length === 0) return createLogger('silent');
  const [only] = streams;
  return createLogger(
    RUN_LOG_LEVEL,
    streams.length === 1 && only !== undefined ? only.stream : pino.multistream(streams),
  );
}

/** Record a created test app, so the scan can require that each one's logs reached the files. */
export function registerTestApp(id: string): void {
  const dir = runLogDir();
  if (dir !== undefined) appendFileSync(join(dir, STARTED_APPS_FILE), `${id}\t${currentTestFile() ?? ''}\n`);
}
