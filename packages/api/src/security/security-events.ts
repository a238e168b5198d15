import type { Role } from '@lucent/shared';
import type { RequestOrigin } from './auth-context.js';

/** What every security event carries: who (when known), which session, and from where. */
interface EventBase {
  /** Epoch milliseconds. */
  at: number;
  userId: string | null;
  /** Staff email (never a patient's); null for unknown accounts (what was typed is not kept). */
  email: string | null;
  sessionId: string | null;
  /** Absent for work not started by a request (bootstrap, background jobs). */
  origin: RequestOrigin | null;
}

/** The identity and session events (auth); rbac adds user.updated/deactivated/roles.changed. */
export type SecurityEvent = EventBase &
  (
    | { type: 'login.succeeded' }
    | { type: 'login.failed'; reason: 'unknown_user' | 'wrong_password' | 'inactive' | 'locked' | 'rate_limited' }
    | { type: 'account.locked'; lockedUntil: number }
    | { type: 'logout' }
    | { type: 'token.refreshed' }
    | { type: 'refresh.reused' }
    | { type: 'session.evicted'; reason: 'session_cap' }
    | {
        type: 'session.revoked';
        /** Who ended it (self, an administrator, or the system: password change, idle timeout). */
        byUserId: string | null;
        reason: 'revoked' | 'revoke_all' | 'password_changed' | 'idle_timeout';
      }
    | { type: 'password.changed' }
    | { type: 'user.created'; byUserId: string | null; roles: readonly Role[]; facilityId: string }
    | { type: 'user.updated'; byUserId: string | null; fields: readonly string[] }
    | { type: 'user.deactivated'; byUserId: string | null }
    | { type: 'roles.changed'; byUserId: string | null; before: readonly Role[]; after: readonly Role[] }
  );

export type SecurityEventType = SecurityEvent['type'];
export type SecurityEventOf<T extends SecurityEventType> = Extract<SecurityEvent, { type: T }>;
/** An event as emitted (the emitter stamps `at`). */
export type SecurityEventInput = SecurityEvent extends infer E
  ? E extends SecurityEvent
    ? Omit<E, 'at'>
    : never
  : never;

type Listener<E> = (event: E) => Promise<void> | void;

/**
 * Typed in-process emitter of security events (`services.securityEvents`): the audit trail subscribes.
 * Listeners run in the background (the request does not wait); failures go to `onError`.
 */
export interface SecurityEvents {
  on<T extends SecurityEventType>(type: T, listener: Listener<SecurityEventOf<T>>): () => void;
  onAny(listener: Listener<SecurityEvent>): () => void;
  emit(event: SecurityEventInput): void;
  /** Resolves when every listener started so far has finished (shutdown, tests). */
  idle(): Promise<void>;
}

export function createSecurityEvents(options: {
  onError: (error: unknown) => void;
  now?: () => number;
}): SecurityEvents {
  const now = options.now ?? Date.now;
  const listeners = new Set<{ type: SecurityEventType | '*'; listener: Listener<SecurityEvent> }>();
  const pending = new Set<Promise<void>>();
  return {
    on(type, listener) {
      const entry = { type, listener: listener as Listener<SecurityEvent> };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    onAny(listener) {
      const entry = { type: '*' as const, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    emit(input) {
      const event = { ...input, at: now() } as SecurityEvent;
      for (const { type, listener } of listeners) {
        if (type !== '*' && type !== event.type) continue;
        const run = (async () => {
          try {
            await listener(event);
          } catch (error) {
            options.onError(error);
          }
        })();
        pending.add(run);
        void run.finally(() => pending.delete(run));
      }
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
