import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisCache } from './redis-cache.js';

const REDIS_URL = process.env.LUCENT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('Redis cache with a byte budget', () => {
  const caches: Array<ReturnType<typeof createRedisCache>> = [];
  const open = (maxBytes: number) => {
    const cache = createRedisCache({ url: REDIS_URL, prefix: `lucent_t_${randomBytes(6).toString('hex')}:`, maxBytes });
    caches.push(cache);
    return cache;
  };
  afterEach(async () => {
    for (const cache of caches.splice(0)) {
      await cache.deleteByPrefix('');
      await cache.close();
    }
  });

  it('stores, reads, counts and deletes values', async () => {
    const cache = open(10_000);
    await cache.set('img:a', bytes(100), 60);
    await cache.set('img:b', bytes(200, 2), 60);
    expect(await cache.get('img:a')).toEqual(bytes(100));
    expect(await cache.size()).toEqual({ entries: 2, bytes: 300 });
    await cache.set('img:a', bytes(50), 60);
    expect(await cache.size()).toEqual({ entries: 2, bytes: 250 });
    await cache.delete('img:b');
    expect(await cache.get('img:b')).toBeUndefined();
    expect(await cache.size()).toEqual({ entries: 1, bytes: 50 });
  });

  it('evicts the entries that expire soonest once the budget is passed', async () => {
    const cache = open(1000);
    await cache.set('short', bytes(400), 60);
    await cache.set('long', bytes(400), 3600);
    await cache.set('newest', bytes(400), 600);
    expect(await cache.get('short')).toBeUndefined();
    expect(await cache.get('long')).toBeDefined();
    expect(await cache.get('newest')).toBeDefined();
    expect(await cache.size()).toEqual({ entries: 2, bytes: 800 });
  });

  it('refuses a value larger than the whole budget', async () => {
    const cache = open(100);
    await cache.set('big', bytes(101), 60);
    expect(await cache.get('big')).toBeUndefined();
    expect((await cache.size()).bytes).toBe(0);
  });

  it('deletes by prefix and keeps the total exact', async () => {
    const cache = open(10_000);
    await cache.set('img:1.2.3:a', bytes(10), 60);
    await cache.set('img:1.2.3:b', bytes(10), 60);
    await cache.set('img:1.2.4:a', bytes(10), 60);
    expect(await cache.deleteByPrefix('img:1.2.3:')).toBe(2);
    expect(await cache.size()).toEqual({ entries: 1, bytes: 10 });
  });

  it('forgets entries that expired on their own', async () => {
    const cache = open(10_000);
    await cache.set('soon', bytes(10), 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await cache.get('soon')).toBeUndefined();
    expect(await cache.size()).toEqual({ entries: 0, bytes: 0 });
  });
});
