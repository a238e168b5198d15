import { describe, expect, it } from 'vitest';
import { createSessionCache } from './session-cache.js';
import { sessionRecord } from './session-record.test-util.js';
import type { SessionRecord } from './session-store.js';

let clock = 1_000_000;
const now = () => clock;

const session = (overrides: Partial<SessionRecord> = {}) => sessionRecord(clock, overrides);

function trackedCache(options: { maxEntries?: number; maxAgeMs?: number } = {}) {
  const cache = createSessionCache({
    maxEntries: options.maxEntries ?? 100,
    maxAgeMs: options.maxAgeMs ?? 60_000,
    now,
  });
  cache.enable();
  return cache;
}

/** A read that completes with `record` and is cached if its ticket is still current. */
function read(cache: ReturnType<typeof trackedCache>, record: SessionRecord) {
  const ticket = cache.beginRead(record.id);
  return () => cache.finishRead(ticket, record);
}

describe('session cache', () => {
  it('answers a read it kept, as a copy, until the key is invalidated', () => {
    const cache = trackedCache();
    const record = session();
    expect(cache.get(record.id)).toBeUndefined();
    expect(read(cache, record)()).toBe(true);
    const cached = cache.get(record.id);
    expect(cached).toEqual(record);
    if (cached !== undefined) cached.lastSeenAt = 0;
    expect(cache.get(record.id)?.lastSeenAt).toBe(record.lastSeenAt);
    cache.invalidate(record.id);
    expect(cache.get(record.id)).toBeUndefined();
  });

  it('does not keep a read whose key was invalidated while it was in flight (the invalidation overtook the reply)', () => {
    const cache = trackedCache();
    const record = session();
    const finish = read(cache, record);
    cache.invalidate(record.id);
    expect(finish()).toBe(false);
    expect(cache.get(record.id)).toBeUndefined();
    // The next read, begun after the invalidation, is kept.
    expect(read(cache, record)()).toBe(true);
    expect(cache.get(record.id)).toEqual(record);
  });

  it('voids every overlapping read of the key, but not reads of other keys', () => {
    const cache = trackedCache();
    const record = session();
    const other = session();
    const first = read(cache, record);
    const second = read(cache, record);
    const unrelated = read(cache, other);
    cache.invalidate(record.id);
    const third = read(cache, record);
    expect(first()).toBe(false);
    expect(second()).toBe(false);
    expect(third()).toBe(true);
    expect(unrelated()).toBe(true);
  });

  it('does not keep reads in flight across a flush, nor across a loss and return of tracking', () => {
    const cache = trackedCache();
    const kept = session();
    read(cache, kept)();
    const acrossFlush = read(cache, session());
    cache.clear();
    expect(cache.get(kept.id)).toBeUndefined();
    expect(acrossFlush()).toBe(false);

    read(cache, kept)();
    const acrossLoss = read(cache, session());
    cache.disable();
    expect(cache.tracked).toBe(false);
    expect(cache.size).toBe(0);
    const whileUntracked = read(cache, kept);
    expect(whileUntracked()).toBe(false);
    const begunUntracked = read(cache, kept);
    cache.enable();
    expect(acrossLoss()).toBe(false);
    expect(begunUntracked()).toBe(false);
    expect(cache.get(kept.id)).toBeUndefined();
  });

  it('never answers while not tracked', () => {
    const cache = createSessionCache({ maxEntries: 10, maxAgeMs: 60_000, now });
    const record = session();
    expect(read(cache, record)()).toBe(false);
    expect(cache.get(record.id)).toBeUndefined();
  });

  it("expires an entry at the session's expiry or after the maximum age, whichever comes first", () => {
    const cache = trackedCache({ maxAgeMs: 60_000 });
    const short = session({ expiresAt: clock + 10_000 });
    const long = session();
    read(cache, short)();
    read(cache, long)();
    clock += 10_000;
    expect(cache.get(short.id)).toBeUndefined();
    expect(cache.get(long.id)).toEqual(long);
    clock += 50_000;
    expect(cache.get(long.id)).toBeUndefined();
    expect(read(cache, session({ expiresAt: clock }))()).toBe(false);
  });

  it('keeps at most maxEntries sessions, dropping the oldest cached', () => {
    const cache = trackedCache({ maxEntries: 3 });
    const records = [session(), session(), session(), session()];
    for (const record of records) read(cache, record)();
    expect(cache.size).toBe(3);
    expect(cache.get(records[0]?.id ?? '')).toBeUndefined();
    for (const record of records.slice(1)) expect(cache.get(record.id)).toEqual(record);
  });
});
