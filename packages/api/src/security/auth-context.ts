import type { Permission, Role } from '@lucent/shared';

/** How the request proved its identity. */
export type AuthMethod = 'bearer' | 'cookie' | 'signed-url';

/**
 * The authenticated caller of one request, set by the authentication middleware (Hono `c.get('auth')`,
 * tRPC `ctx.auth`) after the access token AND its live session have been checked. Null when anonymous.
 */
export interface AuthContext {
  userId: string;
  email: string;
  sessionId: string;
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  facilityId: string;
  method: AuthMethod;
}

/** Which facilities' data a caller may see: all (system_admin) or exactly one. */
export type FacilityScope = { kind: 'all' } | { kind: 'facility'; facilityId: string };

export function facilityScopeOf(auth: AuthContext): FacilityScope {
  return auth.permissions.has('facilities:all') ? { kind: 'all' } : { kind: 'facility', facilityId: auth.facilityId };
}

/** Where a request came from, for the audit trail and rate limits. */
export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
  requestId: string;
}
