import { AppError } from '@lucent/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app/app-env.js';
import { requestScope } from '../../security/facility-scope.js';
import { requirePermission } from '../../security/route-access.js';

const JobId = z.string().uuid();

export function jobRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  /** GET /api/v1/jobs/{id} — an ingest job's status and per-file results. */
  routes.get('/:id', requirePermission('studies:upload'), async (c) => {
    const id = JobId.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError('VALIDATION_FAILED', { message: 'A job id is a UUID' });
    return c.json(await c.var.services.jobs.get(id.data, requestScope(c)));
  });
  return routes;
}
