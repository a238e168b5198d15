import { chainHash } from '@lucent/engine';
import type { Knex } from '@mikro-orm/postgresql';
import type { Database } from '../../db/open-database.js';
import type { Logger } from '../../observability/logger.js';
import { type AuditRow, canonicalEntryOf, type PendingRow } from './audit-entry.js';

/** The hash the first row follows (the engine's genesis hash: 64 zeros). */
export const GENESIS_HASH = '0'.repeat(64);

/** pg_advisory_xact_lock key serializing appends across every server process sharing the database. */
export const AUDIT_APPEND_LOCK = 0x4c75_6341; // 'LucA'

const MAX_BATCH = 500;
const RETRY_MS = 1000;

export interface AuditWriter {
  /** Queue a row; written with the next batch (the caller never waits). */
  enqueue(row: PendingRow): void;
  /** Resolves when every row queued so far is in the database; rejects if writing fails. */
  flush(): Promise<void>;
  /** Rows waiting to be written. */
  pending(): number;
  /** Flush and stop; rows that still cannot be written are reported to the log (count only). */
  close(): Promise<void>;
}

export interface AuditWriterOptions {
  db: Database;
  logger: Logger;
  /**
   * How long rows gather before a batch starts (ms; 0 = the next turn of the event loop). Each batch
   * is a transaction of five statements under the append lock: gathering for a few milliseconds
   * makes one of them serve every request of that time instead of a transaction every few requests.
   */
  gatherMs?: number;
}

/**
 * Appends rows in batches: one transaction takes the advisory lock (so appends from several processes
 * are strictly serialized), reads the last hash, takes ids from the identity sequence, chains each
 * row's hash from the previous one (the engine's chainHash) and inserts the batch. Rows queue in memory while
 * a batch is being written, so callers pay only an array push; a failed batch is retried.
 */
export function createAuditWriter(options: AuditWriterOptions): AuditWriter {
  const { db, logger } = options;
  const gatherMs = options.gatherMs ?? 0;
  let queue: PendingRow[] = [];
  let running: Promise<void> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;
  const knex: Knex = db.knex;

  async function writeBatch(batch: PendingRow[]): Promise<void> {
    await knex.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(?)', [AUDIT_APPEND_LOCK]);
      const last: { hash: string } | undefined = await trx('audit_log').select('hash').orderBy('id', 'desc').first();
      const ids: { rows: Array<{ id: string }> } = await trx.raw(
        `select nextval(pg_get_serial_sequence('audit_log', 'id'))::text as id from generate_series(1, ?)`,
        [batch.length],
      );
      const sortedIds = ids.rows.map((row) => BigInt(row.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      let previous = last?.hash ?? GENESIS_HASH;
      const rows: AuditRow[] = [];
      for (const [index, pending] of batch.entries()) {
        const unhashed = { ...pending, id: String(sortedIds[index]), prev_hash: previous };
        // The engine's pure chain function, in this thread: one SHA-256 (~10 µs) against a pool round
        // trip (0.3–0.7 ms) per row, every one of them inside the transaction that holds the append lock.
        const hash = chainHash(previous, canonicalEntryOf(unhashed));
        rows.push({ ...unhashed, hash });
        previous = hash;
      }
      await trx('audit_log').insert(rows.map((row) => ({ ...row, details: JSON.stringify(row.details) })));
    });
  }

  /** Write batches until the queue is empty; on failure put the batch back and rethrow. */
  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      try {
        await writeBatch(batch);
      } catch (error) {
        queue = [...batch, ...queue];
        throw error;
      }
    }
  }

  function start(): Promise<void> {
    if (running !== undefined) return running;
    const run = drain().then(
      () => {
        running = undefined;
        // Rows queued after the loop's last check (between its end and this callback).
        if (queue.length > 0) schedule();
      },
      (error: unknown) => {
        running = undefined;
        logger.error({ err: error, pending: queue.length }, 'audit write failed; retrying');
        if (!closed && retryTimer === undefined) {
          retryTimer = setTimeout(() => {
            retryTimer = undefined;
            if (queue.length > 0) schedule();
          }, RETRY_MS);
          retryTimer.unref();
        }
        throw error;
      },
    );
    running = run;
    return run;
  }

  let scheduled = false;
  /** Start a batch after the gathering time (or on the next turn), so the rows recorded meanwhile join it. */
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    const begin = () => {
      scheduled = false;
      start().catch(() => undefined);
    };
    if (gatherMs > 0) setTimeout(begin, gatherMs).unref();
    else setImmediate(begin);
  }

  async function flush(): Promise<void> {
    // A batch in flight may have been taken before the latest rows were queued: loop until empty.
    while (running !== undefined || queue.length > 0) {
      await (running ?? start());
    }
  }

  return {
    enqueue(row) {
      queue.push(row);
      if (running === undefined) schedule();
    },
    flush,
    pending: () => queue.length,
    async close() {
      try {
        await flush();
      } catch (error) {
        logger.error({ err: error, lost: queue.length }, 'audit entries could not be written before shutdown');
      } finally {
        closed = true;
        if (retryTimer !== undefined) clearTimeout(retryTimer);
      }
    },
  };
}
