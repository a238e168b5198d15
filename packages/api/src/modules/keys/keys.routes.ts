import { Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { requirePermission } from '../../security/route-access.js';

/** POST /api/v1/admin/keys/rotate (202 with the job's progress), GET /api/v1/admin/keys/status. */
export function keysRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post('/rotate', requirePermission('system:manage'), async (c) =>
    c.json(await c.get('services').keyRotation.rotate(), 202),
  );
  routes.get('/status', requirePermission('system:manage'), async (c) =>
    c.json(await c.get('services').keyRotation.status()),
  );
  return routes;
}
