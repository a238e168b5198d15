import { Redis } from 'ioredis';
import type { KeyValueCache } from './key-value-cache.js';
import { BUDGET_KEYS, deleteTracked, purgeExpired, setWithinBudget } from './redis-budget.js';

export interface RedisCacheOptions {
  url: string;
  prefix: string;
  /** Byte budget for this prefix's values (0 or unset: unbounded, Redis's maxmemory policy only). */
  maxBytes?: number;
}

type BudgetedRedis = Redis & {
  lucentSetWithinBudget(...args: Array<string | number | Buffer>): Promise<number>;
  lucentDeleteTracked(...args: string[]): Promise<number>;
  lucentPurgeExpired(...args: Array<string | number>): Promise<number>;
};

/**
 * Redis cache under `prefix`, values stored as raw bytes with EX ttl. With `maxBytes` it keeps a
 * byte budget of its own (see redis-budget.ts): every value is tracked in a sorted set scored by
 * its expiry time, sizes in a hash, the total in a counter, all updated atomically by Lua scripts;
 * a write over budget evicts the entries that expire soonest.
 */
export function createRedisCache(options: RedisCacheOptions): KeyValueCache & { client: Redis } {
  const client = new Redis(options.url, {
    keyPrefix: options.prefix,
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
  }) as BudgetedRedis;
  client.on('error', () => {
    // Connection errors surface on the commands (and in /health/ready); no unhandled 'error' events.
  });
  client.defineCommand('lucentSetWithinBudget', { numberOfKeys: 4, lua: setWithinBudget });
  client.defineCommand('lucentDeleteTracked', { numberOfKeys: 4, lua: deleteTracked });
  client.defineCommand('lucentPurgeExpired', { numberOfKeys: 3, lua: purgeExpired });
  const maxBytes = options.maxBytes ?? 0;
  const budget = [BUDGET_KEYS.index, BUDGET_KEYS.sizes, BUDGET_KEYS.total] as const;
  const isBudgetKey = (key: string) => (Object.values(BUDGET_KEYS) as string[]).includes(key);

  async function keysWithPrefix(prefix: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${escapeGlob(options.prefix + prefix)}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) found.push(key.slice(options.prefix.length));
    } while (cursor !== '0');
    return found;
  }

  return {
    kind: 'redis',
    client,
    async get(key) {
      const value = await client.getBuffer(key);
      return value === null ? undefined : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    },
    async set(key, value, ttlSeconds) {
      const buffer = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      if (maxBytes <= 0) {
        await client.set(key, buffer, 'EX', ttlSeconds);
        return;
      }
      if (value.byteLength > maxBytes) return;
      await client.lucentSetWithinBudget(key, ...budget, buffer, ttlSeconds, Date.now(), maxBytes);
    },
    async delete(key) {
      await client.lucentDeleteTracked(key, BUDGET_KEYS.sizes, BUDGET_KEYS.total, BUDGET_KEYS.index);
    },
    async deleteByPrefix(prefix) {
      const keys = (await keysWithPrefix(prefix)).filter((key) => !isBudgetKey(key));
      let removed = 0;
      for (const key of keys) {
        removed += await client.lucentDeleteTracked(key, BUDGET_KEYS.sizes, BUDGET_KEYS.total, BUDGET_KEYS.index);
      }
      if (prefix === '') await client.del(...budget);
      return removed;
    },
    async size() {
      if (maxBytes > 0) {
        await client.lucentPurgeExpired(...budget, Date.now());
        const [entries, total] = await Promise.all([client.zcard(BUDGET_KEYS.index), client.get(BUDGET_KEYS.total)]);
        return { entries, bytes: Number(total ?? 0) };
      }
      const keys = await keysWithPrefix('');
      let bytes = 0;
      for (let start = 0; start < keys.length; start += 500) {
        const pipeline = client.pipeline();
        for (const key of keys.slice(start, start + 500)) pipeline.strlen(key);
        for (const [, length] of (await pipeline.exec()) ?? []) bytes += typeof length === 'number' ? length : 0;
      }
      return { entries: keys.length, bytes };
    },
    async ping() {
      await client.ping();
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/** A literal prefix in a SCAN MATCH pattern. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}
