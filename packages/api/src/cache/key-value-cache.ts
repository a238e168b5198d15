/** A byte cache with per-entry TTL: Redis when REDIS_URL is set, otherwise in process. */
export interface KeyValueCache {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<Uint8Array | undefined>;
  set(key: string, value: Uint8Array, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Remove every entry whose key starts with `prefix`; returns how many went. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** Entries and bytes held (approximate for Redis: this prefix's keys). */
  size(): Promise<{ entries: number; bytes: number }>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
