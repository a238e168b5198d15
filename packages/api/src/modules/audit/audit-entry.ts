import type { AuditEntry, AuditOutcome } from '@lucent/shared';
import type { AuthContext, RequestOrigin } from '../../security/auth-context.js';

/** Who did it: null when anonymous (or before the authentication middleware ran). */
export interface AuditActor {
  userId: string | null;
  username: string | null;
  facilityId: string | null;
}

/** What a caller hands to `audit.record`: the service adds time, chain position and hashes. */
export interface AuditRecord {
  action: string;
  outcome?: AuditOutcome;
  resourceType?: string | null;
  resourceId?: string | null;
  /** Identifiers only (UIDs, counts, codes): no patient names, patient IDs or birth dates. */
  details?: Record<string, unknown>;
  actor?: AuditActor | null;
  origin?: Partial<RequestOrigin> | null;
  /** Default: now. */
  occurredAt?: Date;
}

/** An audit_log row as stored (snake_case columns), before or after insertion. */
export interface AuditRow {
  id: string;
  occurred_at: Date | string;
  user_id: string | null;
  username: string | null;
  facility_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export function actorOf(auth: AuthContext | null | undefined): AuditActor | null {
  return auth === null || auth === undefined
    ? null
    : { userId: auth.userId, username: auth.email, facilityId: auth.facilityId };
}

/** Text PostgreSQL stores exactly as hashed: well-formed UTF-16 (lone surrogates → U+FFFD), no NUL. */
export function storableText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A uuid column's value as PostgreSQL prints it back (lower case), or null when it is not one. */
const uuidOrNull = (value: string | null | undefined): string | null => {
  const lower = value?.toLowerCase();
  return lower !== undefined && UUID.test(lower) ? lower : null;
};

const nullableText = (value: string | null | undefined, max: number): string | null =>
  value === null || value === undefined ? null : storableText(value).slice(0, max);

/** JSON data that survives jsonb unchanged: no undefined, NUL characters or lone surrogates. */
export function storableDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (details === undefined) return {};
  const text = JSON.stringify(details, (_key, value: unknown) =>
    typeof value === 'string' ? storableText(value) : value,
  );
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

/** The columns of a new row except id and the hashes (assigned in order by the writer). */
export type PendingRow = Omit<AuditRow, 'id' | 'prev_hash' | 'hash'> & { occurred_at: Date };

export function pendingRowOf(record: AuditRecord): PendingRow {
  const actor = record.actor ?? null;
  const origin = record.origin ?? null;
  // Millisecond precision: what timestamptz(3) stores and what toISOString() prints back.
  const occurredAt = new Date(Math.floor((record.occurredAt ?? new Date()).getTime()));
  return {
    occurred_at: occurredAt,
    user_id: uuidOrNull(actor?.userId),
    username: nullableText(actor?.username, 320),
    facility_id: uuidOrNull(actor?.facilityId),
    action: storableText(record.action).slice(0, 100),
    resource_type: nullableText(record.resourceType, 100),
    resource_id: nullableText(record.resourceId, 200),
    outcome: record.outcome ?? 'success',
    ip: nullableText(origin?.ip, 100),
    user_agent: nullableText(origin?.userAgent, 512),
    request_id: nullableText(origin?.requestId, 200),
    details: storableDetails(record.details),
  };
}

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * What a row's hash covers: every stored column but the hash itself (prev_hash included), so an edit
 * to any column changes the hash. `hash = engine.chainHash(prev_hash, canonicalEntryOf(row))`.
 */
export function canonicalEntryOf(row: Omit<AuditRow, 'hash'>): Record<string, unknown> {
  return {
    id: String(row.id),
    occurredAt: iso(row.occurred_at),
    userId: row.user_id,
    username: row.username,
    facilityId: row.facility_id,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    outcome: row.outcome,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    details: row.details,
    prevHash: row.prev_hash,
  };
}

/** A stored row as the API returns it. */
export function auditEntryOf(row: AuditRow): AuditEntry {
  return { ...(canonicalEntryOf(row) as Omit<AuditEntry, 'hash'>), hash: row.hash };
}
