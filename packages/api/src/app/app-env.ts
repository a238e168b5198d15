import type { AppError } from '@lucent/shared';
import type { IngestAuditScope } from '../modules/audit/ingest-audit.js';
import type { AuthContext } from '../security/auth-context.js';
import type { Services } from './services.js';

/** Hono's typed context variables for every route. */
export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    /**
     * The request's AbortSignal, made on first call: aborted when the route's timeout passes or the
     * client goes away; pass it to engine calls. (Made only where work can be aborted: on Node 20 every
     * AbortSignal outlives the young generation, and one per cached image made the API thread's
     * collector run full mark-compacts every few seconds.)
     */
    signal: () => AbortSignal;
    /** True once graceful shutdown has begun (readiness fails, new work is refused). */
    shuttingDown: () => boolean;
    /** The authenticated caller (token and live session checked), or null when anonymous. */
    auth: AuthContext | null;
    /** Why the credential the request carried was refused (expired, revoked, bad CSRF…); null when none or fine. */
    authError: AppError | null;
    /** An upload route's audit scope (set by the audit trail): goes with the request's ingest calls. */
    ingestAudit: IngestAuditScope;
  };
}
