import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemorySessionStore } from './memory-session-store.js';
import { createRedisSessionStore } from './redis-session-store.js';
import type { SessionRecord, SessionStore } from './session-store.js';

const REDIS_URL = process.env.LUCENT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const prefix = `lucent_t_sessions_${randomBytes(4).toString('hex')}:`;

function session(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = Date.now();
  return {
    id: randomUUID(),
    userId,
    email: 'someone@lucent.test',
    roles: ['viewer'],
    facilityId: randomUUID(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + 3600_000,
    rememberMe: false,
    refreshHash: randomBytes(32).toString('hex'),
    ip: '127.0.0.1',
    userAgent: 'vitest',
    ...overrides,
  };
}

const stores: Array<[string, () => SessionStore]> = [
  ['in process', () => createMemorySessionStore()],
  ['Redis', () => createRedisSessionStore({ url: REDIS_URL, prefix })],
];

afterAll(async () => {
  const client = new Redis(REDIS_URL);
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(...keys);
  client.disconnect();
});

describe.each(stores)('session store (%s)', (_name, make) => {
  it('stores, reads back and removes a session', async () => {
    const store = make();
    const record = session(randomUUID());
    expect(await store.create(record, 3)).toEqual([]);
    expect(await store.get(record.id)).toEqual(record);
    await store.touch(record.id, record.lastSeenAt + 5000);
    expect((await store.get(record.id))?.lastSeenAt).toBe(record.lastSeenAt + 5000);
    expect(await store.remove(record.id)).toEqual({ ...record, lastSeenAt: record.lastSeenAt + 5000 });
    expect(await store.get(record.id)).toBeNull();
    expect(await store.remove(record.id)).toBeNull();
    await store.close();
  });

  it('keeps at most `cap` sessions per user, ending the oldest', async () => {
    const store = make();
    const userId = randomUUID();
    const created = [session(userId), session(userId), session(userId), session(userId)];
    for (const record of created.slice(0, 3)) expect(await store.create(record, 3)).toEqual([]);
    const evicted = await store.create(created[3] as SessionRecord, 3);
    expect(evicted.map((record) => record.id)).toEqual([created[0]?.id]);
    expect((await store.listForUser(userId)).map((record) => record.id)).toEqual(created.slice(1).map((r) => r.id));
    expect(await store.get(created[0]?.id ?? '')).toBeNull();
    // Other users are not affected.
    const other = session(randomUUID());
    expect(await store.create(other, 3)).toEqual([]);
    await store.close();
  });

  it('rotates the refresh hash once; the old hash then reads as reused, a random one as invalid', async () => {
    const store = make();
    const record = session(randomUUID());
    await store.create(record, 3);
    const next = randomBytes(32).toString('hex');
    expect(await store.rotate(record.id, record.refreshHash, next, record.expiresAt + 1000)).toBe('rotated');
    expect((await store.get(record.id))?.expiresAt).toBe(record.expiresAt + 1000);
    expect(await store.rotate(record.id, record.refreshHash, randomBytes(32).toString('hex'), 0)).toBe('reused');
    expect(await store.rotate(record.id, 'f'.repeat(64), randomBytes(32).toString('hex'), 0)).toBe('invalid');
    expect(await store.rotate(randomUUID(), next, next, 0)).toBe('missing');
    // Two parallel rotations of the same token: exactly one wins.
    const outcomes = await Promise.all([
      store.rotate(record.id, next, randomBytes(32).toString('hex'), record.expiresAt),
      store.rotate(record.id, next, randomBytes(32).toString('hex'), record.expiresAt),
    ]);
    expect(outcomes.sort()).toEqual(['reused', 'rotated']);
    await store.close();
  });
});
