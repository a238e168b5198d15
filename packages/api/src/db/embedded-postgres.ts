import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** A postgres:// URL the pg driver connects to (a loopback socket served by PGlite). */
  url: string;
  close(): Promise<void>;
}

/**
 * PostgreSQL without a server: PGlite (Postgres compiled to WASM) stored under `dataDir`, exposed on a
 * loopback port through pglite-socket so MikroORM's ordinary pg driver talks to it. PGlite runs one
 * session, so the ORM must use a single connection (see openDatabase).
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const directory = join(dataDir, 'pglite');
  await mkdir(directory, { recursive: true });
  const db = await PGlite.create({ dataDir: directory });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@${host}:${port}/postgres?sslmode=disable`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
