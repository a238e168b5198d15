import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';

/** The part of a pg client a prepared query uses. */
interface PgConnection {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Distinct statement texts given a name (each connection keeps what it prepared: bounded). */
const MAX_NAMED = 256;
const names = new Map<string, string>();

function statementName(sql: string): string | undefined {
  const known = names.get(sql);
  if (known !== undefined || names.size >= MAX_NAMED) return known;
  const name = `lucent_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
  names.set(sql, name);
  return name;
}

/**
 * Run a knex-built SELECT as a named prepared statement on a pooled connection: PostgreSQL parses and
 * plans each statement text once per connection instead of on every request, and knex's runner (its
 * events, per-query bookkeeping) is skipped. Rows come back through the same pg client and type
 * parsers as `await query` would give. Statement texts past the first 256 run unnamed.
 */
export async function runPrepared<T>(knex: Knex, query: Knex.QueryBuilder): Promise<T[]> {
  const { sql, bindings } = query.toSQL().toNative();
  const name = statementName(sql);
  const client = knex.client as {
    acquireConnection(): Promise<PgConnection>;
    releaseConnection(connection: PgConnection): Promise<void>;
  };
  const connection = await client.acquireConnection();
  try {
    const result = await connection.query({
      ...(name === undefined ? {} : { name }),
      text: sql,
      values: [...bindings],
    });
    return result.rows as T[];
  } finally {
    await client.releaseConnection(connection);
  }
}

/** The first row of a knex-built SELECT run as a prepared statement (the query gets LIMIT 1). */
export async function firstPrepared<T>(knex: Knex, query: Knex.QueryBuilder): Promise<T | undefined> {
  const rows = await runPrepared<T>(knex, query.limit(1));
  return rows[0];
}
