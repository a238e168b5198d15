import type { AuditOutcome } from '@lucent/shared';
import type { Database } from '../../db/open-database.js';
import type { SecurityEvent, SecurityEvents } from '../../security/security-events.js';
import type { AuditService } from './audit.service.js';
import type { AuditActor } from './audit-entry.js';

interface EventAudit {
  action: string;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  /** An administrator acting on another user (the row's actor); undefined: the user themself. */
  byUserId?: string | null | undefined;
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** The audit action of each security event; unknown (newer) types are still recorded under their own name. */
function eventAudit(event: SecurityEvent): EventAudit {
  switch (event.type) {
    case 'login.succeeded':
      return { action: 'auth.login', outcome: 'success', details: {} };
    case 'login.failed':
      return { action: 'auth.login.failed', outcome: 'denied', details: { reason: event.reason } };
    case 'account.locked':
      return { action: 'auth.account.locked', outcome: 'denied', details: { lockedUntil: iso(event.lockedUntil) } };
    case 'logout':
      return { action: 'auth.logout', outcome: 'success', details: {} };
    case 'token.refreshed':
      return { action: 'auth.token.refreshed', outcome: 'success', details: {} };
    case 'refresh.reused':
      return { action: 'auth.refresh.reused', outcome: 'denied', details: { sessionRevoked: true } };
    case 'session.evicted':
      return { action: 'session.evicted', outcome: 'success', details: { reason: event.reason } };
    case 'session.revoked':
      return {
        action: 'session.revoked',
        outcome: 'success',
        details: { reason: event.reason },
        byUserId: event.byUserId,
      };
    case 'password.changed':
      return { action: 'auth.password.changed', outcome: 'success', details: {} };
    case 'user.created':
      return {
        action: 'user.created',
        outcome: 'success',
        details: { roles: [...event.roles], facilityId: event.facilityId },
        byUserId: event.byUserId,
      };
    case 'user.updated':
      return {
        action: 'user.updated',
        outcome: 'success',
        details: { fields: [...event.fields] },
        byUserId: event.byUserId,
      };
    case 'user.deactivated':
      return { action: 'user.deactivated', outcome: 'success', details: {}, byUserId: event.byUserId };
    case 'roles.changed':
      return {
        action: 'user.roles.changed',
        outcome: 'success',
        details: { before: [...event.before], after: [...event.after] },
        byUserId: event.byUserId,
      };
    default: {
      const other = event as { type: string; byUserId?: string | null };
      return { action: `security.${other.type}`, outcome: 'success', details: {}, byUserId: other.byUserId };
    }
  }
}

/** Staff members' email and facility by user id (for rows whose actor is an administrator), cached. */
function staffDirectory(db: Database) {
  const cache = new Map<string, AuditActor>();
  return {
    async actorOf(userId: string): Promise<AuditActor> {
      const known = cache.get(userId);
      if (known !== undefined) return known;
      const knex = db.knex;
      const row: { email: string; facility_id: string } | undefined = await knex('app_user')
        .where('id', userId)
        .first('email', 'facility_id');
      const actor = { userId, username: row?.email ?? null, facilityId: row?.facility_id ?? null };
      if (cache.size >= 1000) cache.clear();
      if (row !== undefined) cache.set(userId, actor);
      return actor;
    },
    forget(userId: string): void {
      cache.delete(userId);
    },
  };
}

/**
 * Every security event (sign-ins and their failures, lockouts, logouts, refresh reuse, session
 * eviction and revocation, password changes, user and role changes) becomes an audit row: the actor
 * is the administrator for changes made by one, otherwise the user; the subject user is the resource.
 */
export function auditSecurityEvents(events: SecurityEvents, audit: AuditService, db: Database): () => void {
  const staff = staffDirectory(db);
  return events.onAny(async (event) => {
    const entry = eventAudit(event);
    if (event.userId !== null && (event.type === 'user.updated' || event.type === 'roles.changed'))
      staff.forget(event.userId);
    const actingUser = entry.byUserId ?? event.userId;
    let actor: AuditActor | null = null;
    if (actingUser !== null && actingUser !== undefined) {
      actor = await staff.actorOf(actingUser);
      if (actingUser === event.userId && event.email !== null) actor = { ...actor, username: event.email };
    } else if (event.email !== null) {
      actor = { userId: null, username: event.email, facilityId: null };
    }
    audit.record({
      action: entry.action,
      outcome: entry.outcome,
      resourceType: 'user',
      resourceId: event.userId,
      actor,
      origin: event.origin,
      occurredAt: new Date(event.at),
      details: { ...entry.details, ...(event.sessionId === null ? {} : { sessionId: event.sessionId }) },
    });
  });
}
