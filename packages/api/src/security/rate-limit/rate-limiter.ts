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

/** INCR, and PEXPIRE on the first hit of a window; returns the count and the window's remaining ms. */
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }
`;

export function createRedisRateLimiter(options: { url: string; prefix: string }): RateLimiter {
  const client = new Redis(options.url, { keyPrefix: `${options.prefix}rate:`, maxRetriesPerRequest: 2 }) as Redis & {
    lucentRateHit(key: string, windowMs: number): Promise<[number, number]>;
  };
  client.on('error', () => {
    // Surfaces on the commands.
  });
  client.defineCommand('lucentRateHit', { numberOfKeys: 1, lua: HIT });
  return {
    kind: 'redis',
    async hit(key, limit, windowMs) {
      const [count, ttl] = await client.lucentRateHit(key, windowMs);
      return decide(count, limit, ttl);
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
