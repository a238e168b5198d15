import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/open-database.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { type AuditService, createAuditService } from './audit.service.js';

const FACILITY_A = '00000000-0000-4000-8000-00000000000a';
const FACILITY_B = '00000000-0000-4000-8000-00000000000b';
const USER_A = '10000000-0000-4000-8000-00000000000a';
const USER_B = '10000000-0000-4000-8000-00000000000b';
const actorA = { userId: USER_A, username: 'ann@a.example', facilityId: FACILITY_A };
const actorB = { userId: USER_B, username: 'bob@b.example', facilityId: FACILITY_B };
const ALL = { kind: 'all' } as const;

/** SQL as the database superuser (the test database's owner), bypassing the app. */
async function asSuperuser<T>(app: TestApp, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: app.env.DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function sqlError(app: TestApp, sql: string): Promise<string> {
  return asSuperuser(app, async (client) => {
    try {
      await client.query(sql);
      return 'no error';
    } catch (error) {
      return (error as Error).message;
    }
  });
}

describe('audit trail: append-only hash chain on PostgreSQL', () => {
  let app: TestApp;
  let audit: AuditService;

  beforeAll(async () => {
    app = await createTestApp();
    audit = app.services.audit;
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('appends entries with ids in chain order and verifies them', async () => {
    audit.record({ action: 'test.first', actor: actorA, origin: { ip: '10.0.0.1', userAgent: 'ua', requestId: 'r1' } });
    audit.record({
      action: 'test.second',
      actor: actorB,
      resourceType: 'study',
      resourceId: '1.2.3',
      details: { n: 1 },
    });
    await audit.flush();
    const result = await audit.search({ limit: 10, offset: 0, order: 'asc' }, ALL);
    const mine = result.items.filter((item) => item.action.startsWith('test.'));
    expect(mine.map((item) => item.action)).toEqual(['test.first', 'test.second']);
    expect(mine[1]?.prevHash).toBe(mine[0]?.hash);
    expect(mine[0]).toMatchObject({ userId: USER_A, username: 'ann@a.example', ip: '10.0.0.1', requestId: 'r1' });
    expect(await audit.verify()).toMatchObject({ valid: true, checked: result.total });
  });

  it('refuses UPDATE, DELETE and TRUNCATE even for the superuser (trigger)', async () => {
    audit.record({ action: 'test.protected' });
    await audit.flush();
    expect(await sqlError(app, `update audit_log set action = 'x' where action = 'test.protected'`)).toMatch(
      /append-only: UPDATE/,
    );
    expect(await sqlError(app, `delete from audit_log where action = 'test.protected'`)).toMatch(/append-only: DELETE/);
    expect(await sqlError(app, 'truncate audit_log')).toMatch(/append-only: TRUNCATE/);
    expect((await audit.search({ action: 'test.protected', limit: 10, offset: 0, order: 'desc' }, ALL)).total).toBe(1);
  });

  it('keeps one unbroken chain when two server processes append in parallel', async () => {
    // A second "process": its own connection pool and audit service on the same database.
    const other: Database = await openDatabase({
      url: app.env.DATABASE_URL,
      dataDir: app.env.DATA_DIR,
      logger: { debug: () => undefined },
    });
    const otherAudit = createAuditService({ db: other, engine: app.services.engine, logger: app.services.logger });
    try {
      const flushes: Promise<void>[] = [];
      for (let i = 0; i < 400; i++) {
        const target = i % 2 === 0 ? audit : otherAudit;
        target.record({ action: 'test.parallel', details: { i } });
        // Many small batches from both sides racing for the lock.
        if (i % 7 === 0) flushes.push(target.flush());
      }
      flushes.push(audit.flush(), otherAudit.flush());
      await Promise.all(flushes);
      const rows = await audit.search({ action: 'test.parallel', limit: 1000, offset: 0, order: 'asc' }, ALL);
      expect(rows.total).toBe(400);
      expect(new Set(rows.items.map((row) => row.details.i)).size).toBe(400);
      const verification = await audit.verify();
      expect(verification.valid).toBe(true);
    } finally {
      await otherAudit.close();
      await other.close();
    }
  });

  it('writes every queued entry and open image-read window on close (graceful shutdown)', async () => {
    const other: Database = await openDatabase({
      url: app.env.DATABASE_URL,
      dataDir: app.env.DATA_DIR,
      logger: { debug: () => undefined },
    });
    const closing = createAuditService({ db: other, engine: app.services.engine, logger: app.services.logger });
    try {
      for (let i = 0; i < 300; i++) closing.record({ action: 'test.shutdown', details: { i } });
      closing.imageRead({
        actor: actorA,
        origin: null,
        outcome: 'success',
        view: 'thumbnail',
        studyInstanceUid: '1.2.9',
      });
      await closing.close();
      closing.record({ action: 'test.after-close' });
    } finally {
      await other.close();
    }
    const written = await audit.search({ action: 'test.shutdown', limit: 1000, offset: 0, order: 'asc' }, ALL);
    expect(written.total).toBe(300);
    const window = await audit.search(
      { action: 'image.read', resourceId: '1.2.9', limit: 10, offset: 0, order: 'asc' },
      ALL,
    );
    expect(window.items.map((item) => item.details.count)).toEqual([1]);
    expect((await audit.search({ action: 'test.after-close', limit: 1, offset: 0, order: 'asc' }, ALL)).total).toBe(0);
    expect((await audit.verify()).valid).toBe(true);
  });

  it('filters search by user, username, action, resource, outcome, dates and facility', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    audit.record({ action: 'test.filter', actor: actorA, resourceType: 'study', resourceId: '1.2.840.1' });
    audit.record({ action: 'test.filter', actor: actorB, resourceType: 'study', resourceId: '1.2.840.2' });
    audit.record({
      action: 'test.filter',
      actor: actorB,
      outcome: 'denied',
      resourceType: 'instance',
      resourceId: '9',
    });
    await audit.flush();
    const search = (filters: Record<string, unknown>, scope: Parameters<AuditService['search']>[1] = ALL) =>
      audit
        .search({ action: 'test.filter', limit: 100, offset: 0, order: 'asc', ...filters }, scope)
        .then((result) => result.items.map((item) => item.resourceId));
    expect(await search({})).toEqual(['1.2.840.1', '1.2.840.2', '9']);
    expect(await search({ userId: USER_B })).toEqual(['1.2.840.2', '9']);
    expect(await search({ username: 'ANN@a.example' })).toEqual(['1.2.840.1']);
    expect(await search({ resourceType: 'study', resourceId: '1.2.840.2' })).toEqual(['1.2.840.2']);
    expect(await search({ outcome: 'denied' })).toEqual(['9']);
    expect(await search({ from: before })).toHaveLength(3);
    expect(await search({ to: before })).toEqual([]);
    expect(await search({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await search({}, { kind: 'facility', facilityId: FACILITY_A })).toEqual(['1.2.840.1']);
    const page = await audit.search({ action: 'test.filter', limit: 1, offset: 1, order: 'asc' }, ALL);
    expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.items.map((item) => item.resourceId)).toEqual(['1.2.840.2']);
  });

  it('stores awkward text exactly as hashed (NUL, lone surrogates, upper-case uuids)', async () => {
    audit.record({
      action: 'test.awkward',
      actor: { userId: USER_A.toUpperCase(), username: 'a\u0000b\uD800', facilityId: 'not-a-uuid' },
      details: { text: 'x\u0000y\uDC00', nested: { b: 1, a: [1.5, null, true] }, gone: undefined },
    });
    await audit.flush();
    const [row] = (await audit.search({ action: 'test.awkward', limit: 1, offset: 0, order: 'desc' }, ALL)).items;
    expect(row).toMatchObject({ userId: USER_A, username: 'ab\uFFFD', facilityId: null });
    expect(row?.details).toEqual({ text: 'xy\uFFFD', nested: { b: 1, a: [1.5, null, true] } });
    expect((await audit.verify()).valid).toBe(true);
  });

  it('names the first entry edited directly in the database', async () => {
    for (let i = 0; i < 5; i++) audit.record({ action: 'test.tamper', details: { i } });
    await audit.flush();
    const rows = await audit.search({ action: 'test.tamper', limit: 10, offset: 0, order: 'asc' }, ALL);
    const victim = rows.items[2]?.id ?? '';
    await asSuperuser(app, async (client) => {
      await client.query('alter table audit_log disable trigger audit_log_no_update_delete');
      await client.query(`update audit_log set details = '{"i": 99}' where id = $1`, [victim]);
      await client.query('alter table audit_log enable trigger audit_log_no_update_delete');
    });
    const result = await audit.verify();
    expect(result).toMatchObject({ valid: false, firstBrokenId: victim });
    expect(result.checked).toBe(Number(victim) - 1);
  });
});

describe('audit trail on embedded PGlite', () => {
  it('chains entries and refuses updates there too', async () => {
    const app = await createTestApp({ backend: 'embedded' });
    try {
      for (let i = 0; i < 20; i++) app.services.audit.record({ action: 'test.embedded', details: { i } });
      await app.services.audit.flush();
      const { total } = await app.services.audit.search({ limit: 1, offset: 0, order: 'asc' }, ALL);
      expect(total).toBeGreaterThanOrEqual(20); // with the bootstrap admin's creation and sign-in
      expect(await app.services.audit.verify()).toMatchObject({ valid: true, checked: total });
      const knex = app.services.db.orm.em.fork().getConnection().getKnex();
      await expect(knex.raw(`update audit_log set action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(knex.raw('delete from audit_log')).rejects.toThrow(/append-only/);
    } finally {
      await app.dispose();
    }
  }, 180_000); // PGlite starts slowly on a busy machine
});
