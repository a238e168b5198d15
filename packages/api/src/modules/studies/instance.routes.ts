import { Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { parseUid } from '../../http/params.js';
import { requestScope } from '../../security/facility-scope.js';
import { requirePermission } from '../../security/route-access.js';

/** GET /api/v1/instances/{sopInstanceUid}: the stored instance's record and metadata. */
export function instanceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/:uid', requirePermission('studies:read'), async (c) => {
    return c.json(
      await c.var.services.studies.instance(parseUid(c.req.param('uid'), 'sopInstanceUid'), requestScope(c)),
    );
  });
  return routes;
}
