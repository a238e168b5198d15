import pg from 'pg';

/**
 * A fresh PostgreSQL database for one bench run, on the server `url` points at (its database is
 * only used to connect), dropped afterwards: runs never see each other's data, and the given
 * database is left untouched.
 */
export async function withScratchDatabase<T>(url: string, name: string, use: (url: string) => Promise<T>): Promise<T> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name ${name}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const scratch = new URL(url);
    scratch.pathname = `/${name}`;
    try {
      return await use(scratch.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
