import { Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { parseUid } from '../../http/params.js';
import { maskInstanceDetail, mayReadPhi } from '../../security/phi/phi-mask.js';

/** GET /api/v1/instances/{sopInstanceUid}: the stored instance's record and metadata. */
export function instanceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/:uid', async (c) => {
    const instance = await c.var.services.studies.instance(parseUid(c.req.param('uid'), 'sopInstanceUid'));
    return c.json(mayReadPhi(c.var.auth) ? instance : maskInstanceDetail(instance));
  });
  return routes;
}
