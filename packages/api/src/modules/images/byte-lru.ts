/**
 * A least-recently-used map bounded by the bytes its values hold (as `sizeOf` counts them). An
 * entry larger than the whole budget is not kept. A Map keeps insertion order; a hit re-inserts.
 */
export interface ByteLru<V> {
  get(key: string): V | undefined;
  /** Whether the key is held (does not count as a use). */
  has(key: string): boolean;
  set(key: string, value: V): void;
  delete(key: string): boolean;
  /** Remove every key starting with `prefix`; returns how many went. */
  deleteByPrefix(prefix: string): number;
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
}

export function createByteLru<V>(maxBytes: number, sizeOf: (value: V) => number): ByteLru<V> {
  const map = new Map<string, { value: V; size: number }>();
  let bytes = 0;
  const remove = (key: string): boolean => {
    const entry = map.get(key);
    if (entry === undefined) return false;
    map.delete(key);
    bytes -= entry.size;
    return true;
  };
  return {
    get(key) {
      const entry = map.get(key);
      if (entry === undefined) return undefined;
      map.delete(key);
      map.set(key, entry);
      return entry.value;
    },
    has: (key) => map.has(key),
    set(key, value) {
      remove(key);
      const size = sizeOf(value);
      if (size > maxBytes) return;
      map.set(key, { value, size });
      bytes += size;
      for (const oldest of map.keys()) {
        if (bytes <= maxBytes) break;
        remove(oldest);
      }
    },
    delete: remove,
    deleteByPrefix(prefix) {
      let removed = 0;
      for (const key of [...map.keys()]) if (key.startsWith(prefix) && remove(key)) removed++;
      return removed;
    },
    get entries() {
      return map.size;
    },
    get bytes() {
      return bytes;
    },
    maxBytes,
  };
}
