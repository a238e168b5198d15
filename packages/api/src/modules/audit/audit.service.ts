import type { Engine } from '@lucent/engine';
import type { AuditEntry, AuditFilters, AuditSearch, AuditSearchResult, AuditVerifyResult } from '@lucent/shared';
import type { Knex } from '@mikro-orm/postgresql';
import type { Database } from '../../db/open-database.js';
import type { Logger } from '../../observability/logger.js';
import type { FacilityScope } from '../../security/auth-context.js';
import { type AuditRecord, type AuditRow, auditEntryOf, canonicalEntryOf, pendingRowOf } from './audit-entry.js';
import { filteredAuditLog } from './audit-query.js';
import { createAuditWriter, GENESIS_HASH } from './audit-writer.js';
import { createImageReadBatcher, type ImageRead } from './image-reads.js';
import { createIngestAudit, type IngestAudit } from './ingest-audit.js';
import { studiesOfInstances } from './instance-studies.js';

export interface AuditService {
  /** Append an entry (queued, written in the next batch: the caller does not wait). */
  record(entry: AuditRecord): void;
  /** An image read, gathered with the same user's other reads into one row per study and window. */
  imageRead(read: ImageRead): void;
  /** Upload requests and the instances they store (one row per request). */
  ingest: IngestAudit;
  /** Write everything recorded so far (open image-read windows included). */
  flush(): Promise<void>;
  search(input: AuditSearch, scope: FacilityScope): Promise<AuditSearchResult>;
  /** Every entry matching, oldest first, in pages (the CSV export). */
  entries(filters: AuditFilters, scope: FacilityScope): AsyncIterable<AuditEntry[]>;
  /** Recompute the whole chain with the engine, in batches; names the first entry that does not match. */
  verify(): Promise<AuditVerifyResult>;
  /** Flush, then stop taking entries. */
  close(): Promise<void>;
}

export interface AuditServiceOptions {
  db: Database;
  engine: Pick<Engine, 'verifyChain'>;
  logger: Logger;
  /** How long one user's image reads are gathered into one row (ms). */
  imageReadWindowMs?: number;
  /** Rows per verification batch. */
  verifyBatchSize?: number;
  /** How long rows gather before they are written in one transaction (ms). */
  writeGatherMs?: number;
}

const PAGE = 1000;

export function createAuditService(options: AuditServiceOptions): AuditService {
  const { db, engine, logger } = options;
  const knex: Knex = db.knex;
  const writer = createAuditWriter({
    db,
    logger,
    ...(options.writeGatherMs === undefined ? {} : { gatherMs: options.writeGatherMs }),
  });
  let closed = false;

  function record(entry: AuditRecord): void {
    if (closed) {
      logger.error({ action: entry.action }, 'audit entry recorded after shutdown; not written');
      return;
    }
    writer.enqueue(pendingRowOf(entry));
  }

  const images = createImageReadBatcher({
    windowMs: options.imageReadWindowMs ?? 5000,
    record,
    studiesOf: (uids) => studiesOfInstances(db, uids),
    onError: (error) => logger.warn({ err: error }, 'audit: looking up the studies of image reads failed'),
  });

  const ingest = createIngestAudit({
    record,
    studiesOf: (uids) => studiesOfInstances(db, uids),
    onError: (error) => logger.warn({ err: error }, 'audit: looking up the studies of stored instances failed'),
  });

  async function flush(): Promise<void> {
    await ingest.flush();
    await images.flush();
    await writer.flush();
  }

  return {
    record,
    imageRead(read) {
      if (!closed) images.add(read);
    },
    ingest,
    flush,

    async search(input, scope) {
      const base = () => filteredAuditLog(knex, input, scope);
      const [counted] = await base().count<Array<{ count: string }>>({ count: '*' });
      const rows: AuditRow[] = await base()
        .select('*')
        .orderBy('id', input.order)
        .limit(input.limit)
        .offset(input.offset);
      return {
        total: Number(counted?.count ?? 0),
        limit: input.limit,
        offset: input.offset,
        items: rows.map(auditEntryOf),
      };
    },

    async *entries(filters, scope) {
      let after = '0';
      for (;;) {
        const rows: AuditRow[] = await filteredAuditLog(knex, filters, scope)
          .where('id', '>', after)
          .select('*')
          .orderBy('id', 'asc')
          .limit(PAGE);
        if (rows.length === 0) return;
        yield rows.map(auditEntryOf);
        after = String(rows[rows.length - 1]?.id);
        if (rows.length < PAGE) return;
      }
    },

    async verify() {
      const batchSize = options.verifyBatchSize ?? PAGE;
      let previous = GENESIS_HASH;
      let after = '0';
      let checked = 0;
      for (;;) {
        const rows: AuditRow[] = await knex('audit_log')
          .where('id', '>', after)
          .select('*')
          .orderBy('id', 'asc')
          .limit(batchSize);
        if (rows.length === 0) break;
        const links = rows.map((row) => ({ entry: canonicalEntryOf(row), hash: row.hash.trim() }));
        const result = await engine.verifyChain(links, { startHash: previous });
        if (!result.ok) {
          return { valid: false, checked: checked + result.index, firstBrokenId: String(rows[result.index]?.id) };
        }
        checked += rows.length;
        previous = result.head;
        after = String(rows[rows.length - 1]?.id);
        if (rows.length < batchSize) break;
      }
      return { valid: true, checked, ...(checked === 0 ? {} : { head: previous }) };
    },

    async close() {
      try {
        await ingest.flush();
        await images.flush();
      } finally {
        closed = true;
        await writer.close();
      }
    },
  };
}
