import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSecurityEvents } from '../security-events.js';
import { createRedisSessionStore, type RedisSessionStore } from './redis-session-store.js';
import { sessionRecord } from './session-record.test-util.js';
import type { SessionRecord } from './session-store.js';
import { createSessionsService, SESSION_POLICY } from './sessions.service.js';

/**
 * Two Redis session stores on one prefix stand for two API processes sharing Redis: each caches the
 * sessions it checks, and a change made through one must reach the other's next check within the
 * invalidation message's latency.
 */
const REDIS_URL = process.env.LUCENT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const prefix = `lucent_t_tracking_${randomBytes(4).toString('hex')}:`;
/** How long an invalidation may take to reach the other process (it is well under 1 ms on localhost). */
const PROPAGATION_MS = 50;

let clock = Date.now();
const now = () => clock;
const admin = new Redis(REDIS_URL);
let stores: RedisSessionStore[] = [];

function open(): RedisSessionStore {
  const store = createRedisSessionStore({ url: REDIS_URL, prefix, now });
  stores.push(store);
  return store;
}

const session = (overrides: Partial<SessionRecord> = {}) => sessionRecord(clock, overrides);

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(1);
  }
  return performance.now() - started;
}

const tracked = (store: RedisSessionStore) => until('Redis tracks the store', () => store.cacheStatus().tracked, 5000);

/** Reads `id` through `store` until `seen` holds; the time it took in ms. */
const propagation = (store: RedisSessionStore, id: string, seen: (record: SessionRecord | null) => boolean) =>
  until('the change reaches the other process', async () => seen(await store.get(id)), PROPAGATION_MS);

/** Reads the session once from Redis, then checks that the next reads are answered from the cache. */
async function cached(store: RedisSessionStore, id: string): Promise<SessionRecord | null> {
  await store.get(id);
  const before = store.cacheStatus();
  let record: SessionRecord | null = null;
  for (let i = 0; i < 5; i += 1) record = await store.get(id);
  const after = store.cacheStatus();
  expect(after.redisReads - before.redisReads).toBe(0);
  expect(after.hits - before.hits).toBe(5);
  return record;
}

/** Two stores (two processes) on one prefix, both tracked by Redis. */
async function twoProcesses(): Promise<[RedisSessionStore, RedisSessionStore]> {
  const pair: [RedisSessionStore, RedisSessionStore] = [open(), open()];
  await Promise.all(pair.map(tracked));
  return pair;
}

/** A session created through `first` and cached by `second`. */
async function createdAndCachedElsewhere(first: RedisSessionStore, second: RedisSessionStore) {
  const record = session();
  await first.create(record, 3);
  await cached(second, record.id);
  return record;
}

beforeAll(() => {
  admin.on('error', () => {});
});
afterEach(async () => {
  await Promise.all(stores.map((store) => store.close()));
  stores = [];
});
afterAll(async () => {
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  admin.disconnect();
});

describe('session cache kept exact by Redis key tracking (two processes on one Redis)', () => {
  it('answers repeated checks from the cache and sees a logout through the other process within 50 ms', async () => {
    const [first, second] = await twoProcesses();
    const record = session();
    await first.create(record, 3);
    expect(await cached(second, record.id)).toEqual(record);
    expect(second.cacheStatus().entries).toBe(1);

    expect(await first.remove(record.id)).toEqual(record);
    await propagation(second, record.id, (seen) => seen === null);
    expect(second.cacheStatus().entries).toBe(0);
  });

  it('sees a refresh rotation and a touch through the other process within 50 ms', async () => {
    const [first, second] = await twoProcesses();
    const record = await createdAndCachedElsewhere(first, second);

    const nextHash = randomBytes(32).toString('hex');
    expect(await first.rotate(record.id, record.refreshHash, nextHash, record.expiresAt + 1000)).toBe('rotated');
    await propagation(second, record.id, (seen) => seen?.refreshHash === nextHash);
    expect((await cached(second, record.id))?.expiresAt).toBe(record.expiresAt + 1000);

    await first.touch(record.id, record.lastSeenAt + 61_000);
    await propagation(second, record.id, (seen) => seen?.lastSeenAt === record.lastSeenAt + 61_000);
  });

  it("drops this process's own copy at once when it writes (no wait for the invalidation)", async () => {
    const store = open();
    await tracked(store);
    const record = session();
    await store.create(record, 3);
    await cached(store, record.id);
    await store.touch(record.id, record.lastSeenAt + 5000);
    expect((await store.get(record.id))?.lastSeenAt).toBe(record.lastSeenAt + 5000);
    await store.remove(record.id);
    expect(await store.get(record.id)).toBeNull();
  });

  it('sees sessions ended by the per-user cap in the other process', async () => {
    const [first, second] = await twoProcesses();
    const userId = randomUUID();
    const oldest = session({ userId });
    await first.create(oldest, 1);
    await cached(second, oldest.id);
    expect((await first.create(session({ userId }), 1)).map((ended) => ended.id)).toEqual([oldest.id]);
    await propagation(second, oldest.id, (seen) => seen === null);
  });

  it('applies a revocation of all sessions (a role change) and the idle timeout across processes', async () => {
    const events = createSecurityEvents({ onError: () => {}, now });
    const [first, second] = await twoProcesses();
    const one = createSessionsService({ store: first, events, now });
    const other = createSessionsService({ store: second, events, now });
    const userId = randomUUID();
    const records = [session({ userId }), session({ userId })];
    for (const record of records) await first.create(record, 3);
    for (const record of records) {
      expect((await other.check(record.id))?.id).toBe(record.id);
      await cached(second, record.id);
    }
    expect(await one.endAllForUser(userId, 'revoke_all', { userId: null, origin: null })).toBe(2);
    for (const record of records) await propagation(second, record.id, (seen) => seen === null);
    for (const record of records) expect(await other.check(record.id)).toBeNull();

    // The once-a-minute touch by one process refreshes the idle timer the other one checks.
    const active = session({ userId });
    await first.create(active, 3);
    await cached(second, active.id);
    clock += SESSION_POLICY.touchIntervalMs;
    expect((await one.check(active.id))?.lastSeenAt).toBe(clock);
    await propagation(second, active.id, (seen) => seen?.lastSeenAt === clock);
    // Idle for longer than the timeout since that touch: the other process ends the session.
    clock += SESSION_POLICY.idleTimeoutMs + 1;
    expect(await other.check(active.id)).toBeNull();
    await propagation(first, active.id, (seen) => seen === null);
  });

  it('bypasses the cache while the invalidation connection is down and uses it again once tracking is back', async () => {
    const [first, second] = await twoProcesses();
    const record = await createdAndCachedElsewhere(first, second);
    const redirect = second.cacheStatus().redirectClientId;
    expect(redirect).not.toBeNull();

    await admin.client('KILL', 'ID', String(redirect));
    await until('the store notices', () => !second.cacheStatus().tracked, 2000);
    expect(second.cacheStatus().entries).toBe(0);
    // A change now (no invalidation can reach `second`) is still seen by its very next read.
    const nextHash = randomBytes(32).toString('hex');
    await first.rotate(record.id, record.refreshHash, nextHash, record.expiresAt);
    expect((await second.get(record.id))?.refreshHash).toBe(nextHash);

    await tracked(second);
    const status = second.cacheStatus();
    expect(status.redirectClientId).not.toBe(redirect);
    // Redis redirects the data connection's invalidations to the new subscriber.
    expect(await admin.client('LIST')).toContain(`redir=${status.redirectClientId} `);
    await cached(second, record.id);
    await first.remove(record.id);
    await propagation(second, record.id, (seen) => seen === null);
  });

  it('re-enables tracking after the data connection is killed', async () => {
    const [first, second] = await twoProcesses();
    const record = await createdAndCachedElsewhere(first, second);
    const redirect = second.cacheStatus().redirectClientId;
    const clients = String(await admin.client('LIST')).split('\n');
    const dataConnection = clients.find((line) => line.includes(`redir=${redirect} `))?.match(/^id=(\d+) /)?.[1];
    expect(dataConnection).toBeDefined();

    await admin.client('KILL', 'ID', String(dataConnection));
    await until('the store notices', () => !second.cacheStatus().tracked, 2000);
    await tracked(second);
    expect(second.cacheStatus().redirectClientId).toBe(redirect);
    await cached(second, record.id);
    await first.remove(record.id);
    await propagation(second, record.id, (seen) => seen === null);
  });
});
