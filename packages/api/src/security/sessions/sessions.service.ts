import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '@lucent/shared';
import type { UserRecord } from '../../modules/users/user-rows.js';
import type { RequestOrigin } from '../auth-context.js';
import type { SecurityEvents } from '../security-events.js';
import type { SessionRecord, SessionStore } from './session-store.js';

export const SESSION_POLICY = {
  idleTimeoutMs: 30 * 60_000,
  refreshTtlMs: 7 * 24 * 3600_000,
  rememberMeRefreshTtlMs: 30 * 24 * 3600_000,
  maxPerUser: 3,
  /** Activity is written at most this often per session (keeps the per-request check to one read). */
  touchIntervalMs: 60_000,
} as const;

export type SessionEndReason = 'revoked' | 'revoke_all' | 'password_changed' | 'idle_timeout';

export interface SessionsService {
  readonly store: SessionStore;
  /** A new session and its first refresh token; ends the oldest beyond the cap (session.evicted). */
  start(user: UserRecord, options: { rememberMe: boolean; origin: RequestOrigin }): Promise<SessionGrant>;
  /**
   * The live session for a request: null when it is gone (logout, revocation, eviction, expiry) or
   * idle for longer than the timeout (then it is ended). Refreshes the idle timer at most once a minute.
   */
  check(sessionId: string): Promise<SessionRecord | null>;
  /** Rotate the refresh token: 401 REFRESH_TOKEN_INVALID, or REFRESH_TOKEN_REUSED (the session is revoked). */
  refresh(refreshToken: string, origin: RequestOrigin): Promise<SessionGrant>;
  /** End one session; false when it did not exist. */
  end(
    sessionId: string,
    reason: SessionEndReason,
    by: { userId: string | null; origin: RequestOrigin | null },
  ): Promise<boolean>;
  /** End all of a user's sessions (but `except`); returns how many ended. */
  endAllForUser(
    userId: string,
    reason: SessionEndReason,
    by: { userId: string | null; origin: RequestOrigin | null },
    except?: string,
  ): Promise<number>;
  list(userId: string): Promise<SessionRecord[]>;
}

export interface SessionGrant {
  session: SessionRecord;
  refreshToken: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** `<session id>.<43 random base64url characters>`: the id finds the session, the rest is the secret. */
const newRefreshToken = (sessionId: string) => `${sessionId}.${randomBytes(32).toString('base64url')}`;
const REFRESH_TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

export function createSessionsService(options: {
  store: SessionStore;
  events: SecurityEvents;
  now?: () => number;
}): SessionsService {
  const { store, events } = options;
  const now = options.now ?? Date.now;
  const ttlOf = (rememberMe: boolean) =>
    rememberMe ? SESSION_POLICY.rememberMeRefreshTtlMs : SESSION_POLICY.refreshTtlMs;

  function emitEnded(
    session: SessionRecord,
    reason: SessionEndReason,
    by: { userId: string | null; origin: RequestOrigin | null },
  ) {
    events.emit({
      type: 'session.revoked',
      userId: session.userId,
      email: session.email,
      sessionId: session.id,
      origin: by.origin,
      byUserId: by.userId,
      reason,
    });
  }

  async function end(
    sessionId: string,
    reason: SessionEndReason,
    by: { userId: string | null; origin: RequestOrigin | null },
  ) {
    const removed = await store.remove(sessionId);
    if (removed !== null) emitEnded(removed, reason, by);
    return removed !== null;
  }

  return {
    store,
    async start(user, { rememberMe, origin }) {
      const at = now();
      const id = randomUUID();
      const refreshToken = newRefreshToken(id);
      const session: SessionRecord = {
        id,
        userId: user.id,
        email: user.email,
        roles: [...user.roles],
        facilityId: user.facilityId,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: at + ttlOf(rememberMe),
        rememberMe,
        refreshHash: sha256(refreshToken),
        ip: origin.ip,
        userAgent: origin.userAgent,
      };
      const evicted = await store.create(session, SESSION_POLICY.maxPerUser);
      for (const old of evicted) {
        events.emit({
          type: 'session.evicted',
          userId: old.userId,
          email: old.email,
          sessionId: old.id,
          origin,
          reason: 'session_cap',
        });
      }
      return { session, refreshToken };
    },
    async check(sessionId) {
      const session = await store.get(sessionId);
      if (session === null) return null;
      const at = now();
      if (at >= session.expiresAt) {
        await store.remove(sessionId);
        return null;
      }
      if (at - session.lastSeenAt > SESSION_POLICY.idleTimeoutMs) {
        await end(sessionId, 'idle_timeout', { userId: null, origin: null });
        return null;
      }
      if (at - session.lastSeenAt >= SESSION_POLICY.touchIntervalMs) {
        await store.touch(sessionId, at);
        session.lastSeenAt = at;
      }
      return session;
    },
    async refresh(refreshToken, origin) {
      const match = REFRESH_TOKEN.exec(refreshToken);
      const sessionId = match?.[1];
      if (sessionId === undefined) throw new AppError('REFRESH_TOKEN_INVALID');
      // The idle timeout and expiry apply to refreshing too.
      const live = await this.check(sessionId);
      if (live === null) throw new AppError('REFRESH_TOKEN_INVALID');
      const at = now();
      const next = newRefreshToken(sessionId);
      const expiresAt = at + ttlOf(live.rememberMe);
      const outcome = await store.rotate(sessionId, sha256(refreshToken), sha256(next), expiresAt);
      if (outcome === 'reused') {
        await store.remove(sessionId);
        events.emit({ type: 'refresh.reused', userId: live.userId, email: live.email, sessionId, origin });
        emitEnded(live, 'revoked', { userId: null, origin });
        throw new AppError('REFRESH_TOKEN_REUSED');
      }
      if (outcome !== 'rotated') throw new AppError('REFRESH_TOKEN_INVALID');
      await store.touch(sessionId, at);
      events.emit({ type: 'token.refreshed', userId: live.userId, email: live.email, sessionId, origin });
      return { session: { ...live, refreshHash: sha256(next), expiresAt, lastSeenAt: at }, refreshToken: next };
    },
    end,
    async endAllForUser(userId, reason, by, except) {
      let ended = 0;
      for (const session of await store.listForUser(userId)) {
        if (session.id !== except && (await end(session.id, reason, by))) ended += 1;
      }
      return ended;
    },
    async list(userId) {
      const at = now();
      return (await store.listForUser(userId)).filter(
        (session) => at < session.expiresAt && at - session.lastSeenAt <= SESSION_POLICY.idleTimeoutMs,
      );
    },
  };
}
