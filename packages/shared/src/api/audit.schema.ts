import { z } from 'zod';

/** How an audited action ended: done, refused (401/403/404, bad credentials, lockout) or failed. */
export const AuditOutcome = z.enum(['success', 'denied', 'failure']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/** JSON details of an entry: identifiers (UIDs, counts, codes), never patient names, IDs or birth dates. */
export const AuditDetails = z.record(z.string(), z.unknown());
export type AuditDetails = z.infer<typeof AuditDetails>;

/** One row of the audit trail as the API returns it. */
export const AuditEntry = z.object({
  id: z.string().regex(/^\d+$/),
  occurredAt: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  facilityId: z.string().nullable(),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  outcome: AuditOutcome,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  details: AuditDetails,
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const Timestamp = z.iso.datetime({ offset: true });

/** Filters of `audit.search`, `GET /api/v1/audit` and the CSV export (all optional, combined with AND). */
export const AuditFilters = z.object({
  userId: z.uuid().optional(),
  /** The staff member's email, exact (case-insensitive). */
  username: z.string().min(1).max(320).optional(),
  action: z.string().min(1).max(100).optional(),
  resourceType: z.string().min(1).max(100).optional(),
  resourceId: z.string().min(1).max(200).optional(),
  outcome: AuditOutcome.optional(),
  /** Inclusive lower bound of occurredAt (ISO 8601 with an offset). */
  from: Timestamp.optional(),
  /** Exclusive upper bound of occurredAt. */
  to: Timestamp.optional(),
});
export type AuditFilters = z.infer<typeof AuditFilters>;

export const AuditSearchInput = AuditFilters.extend({
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  /** Newest first (default) or oldest first. */
  order: z.enum(['desc', 'asc']).default('desc'),
});
export type AuditSearchInput = z.input<typeof AuditSearchInput>;
export type AuditSearch = z.infer<typeof AuditSearchInput>;

export const AuditSearchResult = z.object({
  total: z.number().int().nonnegative(),
  limit: z.number().int(),
  offset: z.number().int(),
  items: z.array(AuditEntry),
});
export type AuditSearchResult = z.infer<typeof AuditSearchResult>;

/** `audit.verify`: the whole chain recomputed; `firstBrokenId` names the first entry whose hash does not match. */
export const AuditVerifyResult = z.object({
  valid: z.boolean(),
  checked: z.number().int().nonnegative(),
  firstBrokenId: z.string().optional(),
  /** The last entry's hash when valid (anchor it elsewhere to detect a truncated tail). */
  head: z.string().optional(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
