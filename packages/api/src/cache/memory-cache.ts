import type { KeyValueCache } from './key-value-cache.js';

interface Entry {
  value: Uint8Array;
  expiresAt: number;
}

/**
 * In-process cache: least recently used entries are evicted once `maxBytes` is exceeded, expired
 * entries are dropped when touched. A Map keeps insertion order, re-inserted on each hit.
 */
export function createMemoryCache(options: { maxBytes: number; now?: () => number }): KeyValueCache {
  const entries = new Map<string, Entry>();
  const now = options.now ?? Date.now;
  let bytes = 0;

  const remove = (key: string): boolean => {
    const entry = entries.get(key);
    if (entry === undefined) return false;
    entries.delete(key);
    bytes -= entry.value.byteLength;
    return true;
  };

  return {
    kind: 'memory',
    async get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        remove(key);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    async set(key, value, ttlSeconds) {
      remove(key);
      if (value.byteLength > options.maxBytes) return;
      entries.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
      bytes += value.byteLength;
      for (const oldest of entries.keys()) {
        if (bytes <= options.maxBytes) break;
        remove(oldest);
      }
    },
    async delete(key) {
      remove(key);
    },
    async deleteByPrefix(prefix) {
      let removed = 0;
      for (const key of [...entries.keys()]) if (key.startsWith(prefix) && remove(key)) removed++;
      return removed;
    },
    async size() {
      return { entries: entries.size, bytes };
    },
    async ping() {},
    async close() {
      entries.clear();
      bytes = 0;
    },
  };
}
