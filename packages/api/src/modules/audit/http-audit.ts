import type { AuditOutcome } from '@lucent/shared';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { requestOriginOf } from '../../security/request-origin.js';
import { actorOf } from './audit-entry.js';
import { requestAuditTarget } from './route-audit.js';

/** success below 400; denied for 401/403/404 (no identity, no permission, not found or not yours); else failure. */
export function outcomeOfStatus(status: number): AuditOutcome {
  if (status < 400) return 'success';
  return status === 401 || status === 403 || status === 404 ? 'denied' : 'failure';
}

/** The job id of a 202 upload (its Location header). */
function jobIdOf(location: string | null): string | undefined {
  const match = location === null ? null : /^\/api\/v1\/jobs\/([0-9a-f-]{36})$/i.exec(location);
  return match?.[1];
}

/**
 * Records every patient-data read and every write of the REST and DICOMweb routes once the response
 * is known (who from `c.get('auth')`, filled by the authentication middleware that runs inside this one):
 * studies and instances opened get a row each, image reads are gathered per user and study, uploads
 * get a row listing what they stored. What a request is comes from its route's declaration
 * (`audited(...)`, `auditedImageRead(...)`, `auditedIngest(...)` beside `requirePermission`), read
 * before anything else runs, so requests refused by authentication or rate limits are recorded too.
 */
export function auditTrail(): MiddlewareHandler<AppEnv> {
  return async function auditTrail(c, next) {
    const target = requestAuditTarget(c);
    if (target === undefined) return next();
    const { audit } = c.get('services');
    const origin = requestOriginOf(c);

    if (target.kind === 'ingest') {
      const scope = audit.ingest.begin(target.via, origin);
      c.set('ingestAudit', scope);
      await next();
      const jobId = jobIdOf(c.res.headers.get('location'));
      audit.ingest.end(scope, outcomeOfStatus(c.res.status), actorOf(c.get('auth')), {
        status: c.res.status,
        ...(jobId === undefined ? {} : { jobId }),
      });
      return;
    }

    await next();
    const outcome = outcomeOfStatus(c.res.status);
    const actor = actorOf(c.get('auth'));
    if (target.kind === 'image') {
      const { kind: _kind, ...read } = target;
      audit.imageRead({ ...read, actor, origin, outcome });
      return;
    }
    audit.record({
      action: target.action,
      outcome,
      resourceType: target.resourceType,
      resourceId: target.resourceId,
      actor,
      origin,
      details: { ...target.details, status: c.res.status },
    });
  };
}
