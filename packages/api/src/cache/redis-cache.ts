import { Redis } from 'ioredis';
import type { KeyValueCache } from './key-value-cache.js';

/**
 * Redis cache under `prefix`. Values are stored as raw bytes with EX ttl. Redis's own maxmemory
 * policy bounds the server; entries larger than `maxItemBytes` are not cached by the caller.
 */
export function createRedisCache(options: { url: string; prefix: string }): KeyValueCache & { client: Redis } {
  const client = new Redis(options.url, {
    keyPrefix: options.prefix,
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
  });
  client.on('error', () => {
    // Connection errors surface on the commands (and in /health/ready); no unhandled 'error' events.
  });

  async function keysWithPrefix(prefix: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${options.prefix}${prefix}*`, 'COUNT', 1000);
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
      await client.set(key, Buffer.from(value.buffer, value.byteOffset, value.byteLength), 'EX', ttlSeconds);
    },
    async delete(key) {
      await client.del(key);
    },
    async deleteByPrefix(prefix) {
      const keys = await keysWithPrefix(prefix);
      let removed = 0;
      for (let start = 0; start < keys.length; start += 500)
        removed += await client.del(...keys.slice(start, start + 500));
      return removed;
    },
    async size() {
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
