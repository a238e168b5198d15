import type { RotateOutcome, SessionRecord, SessionStore } from './session-store.js';

/** Sessions in this process (embedded mode, no Redis): lost on restart, not shared between processes. */
export function createMemorySessionStore(options: { now?: () => number } = {}): SessionStore {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, { record: SessionRecord; used: Set<string> }>();
  /** Per user, session ids in creation order. */
  const byUser = new Map<string, string[]>();

  function live(id: string) {
    const entry = sessions.get(id);
    if (entry !== undefined && entry.record.expiresAt <= now()) {
      drop(id);
      return undefined;
    }
    return entry;
  }

  function drop(id: string): SessionRecord | null {
    const entry = sessions.get(id);
    if (entry === undefined) return null;
    sessions.delete(id);
    const ids = (byUser.get(entry.record.userId) ?? []).filter((other) => other !== id);
    if (ids.length === 0) byUser.delete(entry.record.userId);
    else byUser.set(entry.record.userId, ids);
    return entry.record;
  }

  const idsOf = (userId: string) => (byUser.get(userId) ?? []).filter((id) => live(id) !== undefined);

  return {
    kind: 'memory',
    async create(session, cap) {
      sessions.set(session.id, { record: { ...session }, used: new Set() });
      byUser.set(session.userId, [...idsOf(session.userId).filter((id) => id !== session.id), session.id]);
      const ids = idsOf(session.userId);
      const evicted: SessionRecord[] = [];
      for (const id of ids.slice(0, Math.max(0, ids.length - cap))) {
        const record = drop(id);
        if (record !== null) evicted.push(record);
      }
      return evicted;
    },
    async get(id) {
      const entry = live(id);
      return entry === undefined ? null : { ...entry.record };
    },
    async touch(id, at) {
      const entry = live(id);
      if (entry !== undefined) entry.record.lastSeenAt = at;
    },
    async rotate(id, presentedHash, nextHash, expiresAt): Promise<RotateOutcome> {
      const entry = live(id);
      if (entry === undefined) return 'missing';
      if (entry.record.refreshHash === presentedHash) {
        entry.used.add(presentedHash);
        entry.record.refreshHash = nextHash;
        entry.record.expiresAt = expiresAt;
        return 'rotated';
      }
      return entry.used.has(presentedHash) ? 'reused' : 'invalid';
    },
    async remove(id) {
      return drop(id);
    },
    async listForUser(userId) {
      return idsOf(userId).flatMap((id) => {
        const entry = sessions.get(id);
        return entry === undefined ? [] : [{ ...entry.record }];
      });
    },
    async close() {
      sessions.clear();
      byUser.clear();
    },
  };
}
