import { Redis } from 'ioredis';
import { createSession, rotateRefresh, touchSession } from './redis-session-scripts.js';
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

/**
 * Sessions in Redis under the app's REDIS_KEY_PREFIX, shared by every API process. A request's
 * session check is one HMGET; creation (with the per-user cap) and refresh rotation are Lua scripts.
 */
export function createRedisSessionStore(options: { url: string; prefix: string; now?: () => number }): SessionStore {
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

  async function get(id: string): Promise<SessionRecord | null> {
    return recordOf(await client.hmget(sessionKey(id), 'data', 'refreshHash', 'lastSeenAt', 'expiresAt'));
  }

  return {
    kind: 'redis',
    async create(session, cap) {
      const { refreshHash, lastSeenAt, expiresAt, ...fixed } = session;
      const evicted = await client.lucentCreateSession(
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
      );
      return evicted.flatMap((fields) => {
        const record = recordOf(fields);
        return record === null ? [] : [record];
      });
    },
    get,
    async touch(id, at) {
      await client.lucentTouchSession(sessionKey(id), at);
    },
    async rotate(id, presentedHash, nextHash, expiresAt) {
      return client.lucentRotateRefresh(
        sessionKey(id),
        `${sessionKey(id)}:used`,
        presentedHash,
        nextHash,
        expiresAt,
        ttlOf(expiresAt),
      );
    },
    async remove(id) {
      const record = await get(id);
      if (record === null) return null;
      const [[, deleted] = []] =
        (await client
          .multi()
          .del(sessionKey(id), `${sessionKey(id)}:used`)
          .zrem(userKey(record.userId), id)
          .exec()) ?? [];
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
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
