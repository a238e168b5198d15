import { randomUUID } from 'node:crypto';
import { AppError, type IngestFileResult, type Job, JobStatus } from '@lucent/shared';
import type { Knex } from '@mikro-orm/postgresql';
import { appErrorOf } from '../../app/app-error-of.js';
import type { Database } from '../../db/open-database.js';
import type { Logger } from '../../observability/logger.js';
import type { FacilityScope } from '../../security/auth-context.js';
import { whereInScope } from '../../security/facility-scope.js';
import type { PhiCipher } from '../../security/phi/phi-cipher.js';
import { decryptJobFiles, encryptJobFiles } from '../../security/phi/phi-records.js';

/** What a running job reports; `files` is the whole list so far. */
export interface JobProgress {
  total: number;
  processed: number;
  stored: number;
  duplicates: number;
  failed: number;
  files: IngestFileResult[];
}

export interface JobOutcome extends JobProgress {
  status: 'succeeded' | 'failed';
  error: string | null;
}

export interface JobTask {
  /** The work: report progress as it goes (written at most every `progressIntervalMs`), return the outcome. */
  run(report: (progress: JobProgress) => void): Promise<JobOutcome>;
  /** Drop the job's input without running it (shutdown before its turn). */
  discard(): Promise<void>;
}

export interface JobOwner {
  facilityId: string;
  userId: string | null;
}

export interface JobsService {
  /** Record a queued job and run it in the background, one job at a time, in submission order. */
  /** `owner`: the submitting user and their facility (only that facility, or all-facility callers, see the job). */
  submit(kind: string, task: JobTask, owner: JobOwner): Promise<string>;
  /** The job, or 404 NOT_FOUND when unknown or another facility's. */
  get(id: string, scope: FacilityScope): Promise<Job>;
  /** Resolves when every job submitted so far has finished (tests, shutdown). */
  idle(): Promise<void>;
  /** Stop taking jobs and wait for the one running. */
  close(): Promise<void>;
}

interface JobRow {
  id: string;
  kind: string;
  status: string;
  total: number;
  processed: number;
  stored: number;
  duplicates: number;
  failed: number;
  /** A token (JSON string) since migration 006; an array in rows not yet backfilled. */
  files: unknown;
  error: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  finished_at: Date | string | null;
}

const SHUTDOWN = 'INTERRUPTED: the server shut down before the job started; upload again';

const iso = (value: Date | string) => new Date(value).toISOString();

function jobOf(row: JobRow, cipher: PhiCipher): Job {
  return {
    id: row.id,
    kind: row.kind,
    status: JobStatus.parse(row.status),
    total: row.total,
    processed: row.processed,
    stored: row.stored,
    duplicates: row.duplicates,
    failed: row.failed,
    files: decryptJobFiles<IngestFileResult>(cipher, row.files),
    error: row.error,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    finishedAt: row.finished_at === null ? null : iso(row.finished_at),
  };
}

const progressColumns = (progress: JobProgress, cipher: PhiCipher) => ({
  total: progress.total,
  processed: progress.processed,
  stored: progress.stored,
  duplicates: progress.duplicates,
  failed: progress.failed,
  files: encryptJobFiles(cipher, progress.files),
  phi_encrypted: true,
});

/**
 * Background jobs recorded in `ingest_job`. They run in this process; a job that was queued or
 * running when the process stopped cannot be resumed (its spooled upload is gone with the process'
 * temporary state), so `markInterrupted` fails it on the next start.
 */
export function createJobsService(options: {
  db: Database;
  logger: Logger;
  /** ingest_job.files lists file names, which can name patients: stored as one token. */
  cipher: PhiCipher;
  progressIntervalMs?: number;
}): JobsService {
  const { db, logger, cipher } = options;
  const interval = options.progressIntervalMs ?? 250;
  const knex: Knex = db.knex;
  let queue: Promise<void> = Promise.resolve();
  let pending = 0;
  let closing = false;

  async function update(id: string, columns: Record<string, unknown>): Promise<void> {
    await knex('ingest_job')
      .where('id', id)
      .update({ ...columns, updated_at: knex.fn.now() });
  }

  async function run(id: string, task: JobTask): Promise<void> {
    if (closing) {
      await task.discard();
      await update(id, { status: 'failed', error: SHUTDOWN, finished_at: knex.fn.now() });
      return;
    }
    await update(id, { status: 'running' });
    let latest: JobProgress | undefined;
    let lastWrite = 0;
    let writing: Promise<void> = Promise.resolve();
    const report = (progress: JobProgress) => {
      latest = progress;
      const now = performance.now();
      if (now - lastWrite < interval) return;
      lastWrite = now;
      const snapshot = progressColumns(progress, cipher);
      writing = writing.then(() => update(id, snapshot)).catch((error) => logger.warn({ err: error }, 'job progress'));
    };
    let outcome: JobOutcome;
    try {
      outcome = await task.run(report);
    } catch (error) {
      const appError = appErrorOf(error);
      if (appError.code === 'INTERNAL') logger.error({ err: error, jobId: id }, 'job failed');
      outcome = {
        ...(latest ?? { total: 0, processed: 0, stored: 0, duplicates: 0, failed: 0, files: [] }),
        status: 'failed',
        error: `${appError.code}: ${appError.message}`,
      };
    }
    await writing;
    await update(id, {
      ...progressColumns(outcome, cipher),
      status: outcome.status,
      error: outcome.error,
      finished_at: knex.fn.now(),
    });
  }

  return {
    async submit(kind, task, owner) {
      if (closing) throw new AppError('SERVICE_UNAVAILABLE');
      const id = randomUUID();
      await knex('ingest_job').insert({
        id,
        kind,
        status: 'queued',
        files: encryptJobFiles(cipher, []),
        phi_encrypted: true,
        facility_id: owner.facilityId,
        user_id: owner.userId,
      });
      pending += 1;
      queue = queue
        .then(() => run(id, task))
        .catch((error) => logger.error({ err: error, jobId: id }, 'job could not be recorded'))
        .finally(() => {
          pending -= 1;
        });
      return id;
    },
    async get(id, scope) {
      const row: JobRow | undefined = await whereInScope(
        knex('ingest_job').where('id', id),
        scope,
        'facility_id',
      ).first();
      if (row === undefined) throw new AppError('NOT_FOUND', { message: 'No job with this id' });
      return jobOf(row, cipher);
    },
    async idle() {
      while (pending > 0) await queue;
    },
    async close() {
      closing = true;
      while (pending > 0) await queue;
    },
  };
}

/** Fail the jobs a previous process left queued or running (called once at start). */
export async function markInterruptedJobs(db: Database): Promise<number> {
  const knex = db.knex;
  return knex('ingest_job').whereIn('status', ['queued', 'running']).update({
    status: 'failed',
    error: 'INTERRUPTED: the server restarted before the job finished; upload again',
    finished_at: knex.fn.now(),
    updated_at: knex.fn.now(),
  });
}
