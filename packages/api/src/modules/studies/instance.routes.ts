import { Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { parseUid } from '../../http/params.js';
import { requestScope } from '../../security/facility-scope.js';
import { maskInstanceDetail, mayReadPhi } from '../../security/phi/phi-mask.js';
import { requirePermission } from '../../security/route-access.js';
import { uidParam } from '../audit/request-identifiers.js';
import { audited } from '../audit/route-audit.js';

/** GET /api/v1/instances/{sopInstanceUid}: the stored instance's record and metadata. */
export function instanceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const read = audited({ action: 'instance.read', resource: (c) => ({ type: 'instance', id: uidParam(c, 'uid') }) });
  routes.get('/:uid', requirePermission('studies:read'), read, async (c) => {
    const instance = await c
      .get('services')
      .studies.instance(parseUid(c.req.param('uid'), 'sopInstanceUid'), requestScope(c));
    return c.json(mayReadPhi(c.get('auth')) ? instance : maskInstanceDetail(instance));
  });
  return routes;
}
