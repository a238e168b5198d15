import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.test-util.js';
import { runPrepared } from './prepared-query.js';

for (const backend of ['real', 'embedded'] as const) {
  describe(`runPrepared (${backend === 'real' ? 'PostgreSQL' : 'PGlite'})`, () => {
    let app: TestApp;
    let knex: () => Knex;

    beforeAll(async () => {
      app = await createTestApp({ backend });
      knex = () => (app.services.db.orm.em.fork() as EntityManager).getKnex();
    });
    afterAll(async () => {
      await app?.dispose();
    });

    const rowsOf = (k: Knex, n: number) =>
      k
        .select(k.raw('g as n'), k.raw('g * ? as doubled', [2]), k.raw("now() - interval '1 day' < now() as fresh"))
        .from(k.raw('generate_series(1, ?) as g', [n]))
        .orderBy('n', 'desc');

    it('returns what awaiting the query returns, with the same types', async () => {
      const k = knex();
      for (const n of [3, 1, 5]) {
        expect(await runPrepared(k, rowsOf(k, n))).toEqual(await rowsOf(k, n));
      }
    });

    it('runs the same statement text many times on the pool (prepared once per connection)', async () => {
      const k = knex();
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => runPrepared<{ n: number }>(k, rowsOf(k, 1 + (i % 4)))),
      );
      expect(answers.map((rows) => rows.length)).toEqual(Array.from({ length: 40 }, (_, i) => 1 + (i % 4)));
    });

    it('runs statements past the named ones unnamed, and reports SQL errors', async () => {
      const k = knex();
      for (let i = 0; i < 300; i++) {
        const rows = await runPrepared<{ v: number }>(k, k.select(k.raw(`${i}::int as v`)));
        expect(rows).toEqual([{ v: i }]);
      }
      await expect(runPrepared(k, k.select('*').from('no_such_table'))).rejects.toThrow(/no_such_table/);
      // The connection went back to the pool after the error: the next query still runs.
      expect(await runPrepared(k, rowsOf(k, 2))).toHaveLength(2);
    });
  });
}
