import { Redis } from 'ioredis';
import { trackKeys } from './redis-key-tracking.js';
import { createSession, rotateRefresh, touchSession } from './redis-session-scripts.js';
import { createSessionCache } from './session-cache.js';
import type { RotateOutcome, SessionRecord, SessionStore } from './session-store.js';

type SessionRedis = Redis & {
  lucentCreateSession(...args: Array<string | number>): Promise<Array<Array<string | null>>>;
  lucentRotateRefresh(...args: Array<string | number>): Promise<RotateOutcome>;
  lucentTouchSession(...args: Array<string | number>): Promise<number>;
};

type StaticFields = Omit<SessionRecord, 'refreshHash' | 'lastSeenAt' | 'expiresAt'>;

function recordOf(fields: Array<string | null>): SessionRecord | null {
  const [data, refreshHash, lastSeenAt, expiresAt] = fields;
  if (data == null || refreshHash == null || lastSeenAt == null || expiresAt == null) return null;
  const base = JSON.parse(data) as StaticFields;
  return { ...base, refreshHash, lastSeenAt: Number(lastSeenAt), expiresAt: Number(expiresAt) };
}

/** How the per-request session check is being answered, for tests and operators. */
export interface SessionCacheStatus {
  /** Redis tracks this process's session reads: the cache may answer. */
  tracked: boolean;
  /** The client id invalidations are redirected to (the subscriber connection), while tracked. */
  redirectClientId: number | null;
  entries: number;
  /** Session reads answered from the cache / from Redis (an HMGET) since start. */
  hits: number;
  redisReads: number;
}

export interface RedisSessionStore extends SessionStore {
  cacheStatus(): SessionCacheStatus;
}

export interface RedisSessionStoreOptions {
  url: string;
  prefix: string;
  now?: () => number;
  /** Sessions kept in process (default 10 000). */
  cacheEntries?: number;
  /** Backstop on how long a cached session is trusted without an invalidation (default 60 s). */
  cacheMaxAgeMs?: number;
  /** Tracking could not be enabled (the cache is bypassed until a reconnection re-enables it). */
  onTrackingError?(error: unknown): void;
}

/**
 * Sessions in Redis under the app's REDIS_KEY_PREFIX, shared by every API process. Creation (with
 * the per-user cap) and refresh rotation are Lua scripts. A request's session check is answered
 * from a process-local cache that Redis keeps exact (client-side caching: Redis tracks the session
 * keys this process read and announces every change, see redis-key-tracking.ts and session-cache.ts);
 * a miss, or any time tracking is not established, is one HMGET.
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): RedisSessionStore {
  const now = options.now ?? Date.now;
  const client = new Redis(options.url, {
    keyPrefix: options.prefix,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
  }) as SessionRedis;
  client.on('error', () => {
    // Surfaces on the commands themselves.
  });
  client.defineCommand('lucentCreateSession', { numberOfKeys: 3, lua: createSession });
  client.defineCommand('lucentRotateRefresh', { numberOfKeys: 2, lua: rotateRefresh });
  client.defineCommand('lucentTouchSession', { numberOfKeys: 1, lua: touchSession });
  const sessionKey = (id: string) => `session:${id}`;
  const userKey = (userId: string) => `user-sessions:${userId}`;
  const ttlOf = (expiresAt: number) => Math.max(60_000, Math.ceil(expiresAt - now()));

  const cache = createSessionCache({
    maxEntries: options.cacheEntries ?? 10_000,
    maxAgeMs: options.cacheMaxAgeMs ?? 60_000,
    now,
  });
  /** Invalidations carry full key names: `<prefix>session:<id>` is a session; other keys are not cached. */
  const sessionKeyPrefix = `${options.prefix}session:`;
  const tracking = trackKeys({
    client,
    url: options.url,
    onTracked: cache.enable,
    onUntracked: cache.disable,
    onInvalidate(keys) {
      if (keys === null) return cache.clear();
      for (const key of keys) {
        if (!key.startsWith(sessionKeyPrefix)) continue;
        const id = key.slice(sessionKeyPrefix.length);
        if (!id.includes(':')) cache.invalidate(id);
      }
    },
    ...(options.onTrackingError === undefined ? {} : { onError: options.onTrackingError }),
  });
  let hits = 0;
  let redisReads = 0;

  async function get(id: string): Promise<SessionRecord | null> {
    const cached = cache.get(id);
    if (cached !== undefined) {
      hits += 1;
      return cached;
    }
    const ticket = cache.beginRead(id);
    let record: SessionRecord | null = null;
    try {
      redisReads += 1;
      record = recordOf(await client.hmget(sessionKey(id), 'data', 'refreshHash', 'lastSeenAt', 'expiresAt'));
      return record;
    } finally {
      cache.finishRead(ticket, record);
    }
  }

  /** A write to a session by this process: its cached copy goes before the write is sent and after it is done. */
  async function writing<T>(id: string, write: () => Promise<T>): Promise<T> {
    cache.invalidate(id);
    try {
      return await write();
    } finally {
      cache.invalidate(id);
    }
  }

  return {
    kind: 'redis',
    async create(session, cap) {
      const { refreshHash, lastSeenAt, expiresAt, ...fixed } = session;
      const evicted = await writing(session.id, () =>
        client.lucentCreateSession(
          sessionKey(session.id),
          userKey(session.userId),
          'session-seq',
          session.id,
          JSON.stringify(fixed),
          refreshHash,
          lastSeenAt,
          expiresAt,
          ttlOf(expiresAt),
          cap,
          options.prefix,
        ),
      );
      return evicted.flatMap((fields) => {
        const record = recordOf(fields);
        if (record === null) return [];
        cache.invalidate(record.id);
        return [record];
      });
    },
    get,
    async touch(id, at) {
      await writing(id, () => client.lucentTouchSession(sessionKey(id), at));
    },
    async rotate(id, presentedHash, nextHash, expiresAt) {
      return writing(id, () =>
        client.lucentRotateRefresh(
          sessionKey(id),
          `${sessionKey(id)}:used`,
          presentedHash,
          nextHash,
          expiresAt,
          ttlOf(expiresAt),
        ),
      );
    },
    async remove(id) {
      const record = await get(id);
      if (record === null) return null;
      const [[, deleted] = []] =
        (await writing(id, () =>
          client
            .multi()
            .del(sessionKey(id), `${sessionKey(id)}:used`)
            .zrem(userKey(record.userId), id)
            .exec(),
        )) ?? [];
      return Number(deleted) > 0 ? record : null;
    },
    async listForUser(userId) {
      const ids = await client.zrange(userKey(userId), 0, -1);
      if (ids.length === 0) return [];
      const pipeline = client.pipeline();
      for (const id of ids) pipeline.hmget(sessionKey(id), 'data', 'refreshHash', 'lastSeenAt', 'expiresAt');
      const results = (await pipeline.exec()) ?? [];
      return results.flatMap(([, fields]) => {
        const record = recordOf(fields as Array<string | null>);
        return record === null ? [] : [record];
      });
    },
    cacheStatus() {
      return {
        tracked: cache.tracked,
        redirectClientId: tracking.redirectClientId,
        entries: cache.size,
        hits,
        redisReads,
      };
    },
    async close() {
      await tracking.close();
      await client.quit().catch(() => client.disconnect());
    },
  };
}
