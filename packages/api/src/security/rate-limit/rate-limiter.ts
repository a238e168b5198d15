import { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
}

/** Fixed-window counters: `limit` hits per `windowMs` per key. Redis (shared) or in process. */
export interface RateLimiter {
  readonly kind: 'redis' | 'memory';
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  close(): Promise<void>;
}

const decide = (count: number, limit: number, remainingMs: number): RateDecision => ({
  allowed: count <= limit,
  retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)),
});

export function createMemoryRateLimiter(options: { now?: () => number } = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { count: number; resetAt: number }>();
  let sweepAt = 0;
  return {
    kind: 'memory',
    async hit(key, limit, windowMs) {
      const at = now();
      if (at >= sweepAt) {
        for (const [other, window] of windows) if (window.resetAt <= at) windows.delete(other);
        sweepAt = at + 60_000;
      }
      let window = windows.get(key);
      if (window === undefined || window.resetAt <= at) {
        window = { count: 0, resetAt: at + windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      return decide(window.count, limit, window.resetAt - at);
    },
    async close() {
      windows.clear();
    },
  };
}

/** INCR the window's counter, PEXPIRE it on the first hit; returns the count. */
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
`;

/** Windows are aligned on the (injectable) clock, keyed by their number, so every process agrees. */
export function createRedisRateLimiter(options: { url: string; prefix: string; now?: () => number }): RateLimiter {
  const now = options.now ?? Date.now;
  const client = new Redis(options.url, { keyPrefix: `${options.prefix}rate:`, maxRetriesPerRequest: 2 }) as Redis & {
    lucentRateHit(key: string, ttlMs: number): Promise<number>;
  };
  client.on('error', () => {
    // Surfaces on the commands.
  });
  client.defineCommand('lucentRateHit', { numberOfKeys: 1, lua: HIT });
  return {
    kind: 'redis',
    async hit(key, limit, windowMs) {
      const at = now();
      const window = Math.floor(at / windowMs);
      const count = await client.lucentRateHit(`${key}:${window}`, windowMs * 2);
      return decide(count, limit, (window + 1) * windowMs - at);
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
