import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { type Knex, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.js';
import { entitySchemas } from './entities.js';
import { migrationList } from './migrations/migration-list.js';

export interface DatabaseOptions {
  /** PostgreSQL URL; undefined → embedded PGlite under dataDir. */
  url: string | undefined;
  dataDir: string;
  logger: { debug(message: string): void };
}

export interface Database {
  orm: MikroORM<PostgreSqlDriver>;
  /**
   * The connection's knex (query builder and pool), the same for every EntityManager: taken once, not
   * through a forked EntityManager per query (a fork per request was 3% of a search's CPU).
   */
  knex: Knex;
  embedded: boolean;
  /** Round trip to the database (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Connect (starting PGlite when no URL is given) and apply pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const embedded: EmbeddedPostgres | undefined =
    options.url === undefined ? await startEmbeddedPostgres(options.dataDir) : undefined;
  const url = options.url ?? embedded?.url ?? '';
  try {
    const orm = await MikroORM.init<PostgreSqlDriver>({
      driver: PostgreSqlDriver,
      clientUrl: url,
      entities: entitySchemas,
      extensions: [Migrator],
      migrations: { migrationsList: migrationList, transactional: true, allOrNothing: true, snapshot: false },
      // PGlite serves one session: a single pooled connection keeps transactions whole.
      pool: embedded === undefined ? { min: 0, max: 10 } : { min: 1, max: 1 },
      forceUtcTimezone: true,
      allowGlobalContext: false,
      debug: ['info'],
      // Its messages go into JSON log lines: no terminal colour sequences in them.
      colors: false,
      logger: (message: string) => options.logger.debug(message),
      discovery: { warnWhenNoEntities: false },
      ensureDatabase: false,
    });
    await orm.getMigrator().up();
    return {
      orm,
      knex: orm.em.getConnection().getKnex(),
      embedded: embedded !== undefined,
      async ping() {
        await orm.em.getConnection().execute('select 1');
      },
      async close() {
        await orm.close(true);
        await embedded?.close();
      },
    };
  } catch (error) {
    await embedded?.close();
    throw error;
  }
}
