import { AppError } from '@lucent/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app/app-env.js';
import { requestScope } from '../../security/facility-scope.js';
import { requirePermission } from '../../security/route-access.js';
import { audited } from '../audit/route-audit.js';

const JobId = z.string().uuid();
/** What the audit trail keeps of a job id path parameter (anything else is not echoed into it). */
const JOB_ID_SHAPE = /^[0-9a-f-]{36}$/i;

export function jobRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const read = audited({
    action: 'job.read',
    resource: (c) => {
      const id = c.req.param('id');
      return { type: 'job', id: id !== undefined && JOB_ID_SHAPE.test(id) ? id : null };
    },
  });
  /** GET /api/v1/jobs/{id} — an ingest job's status and per-file results. */
  routes.get('/:id', requirePermission('studies:upload'), read, async (c) => {
    const id = JobId.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError('VALIDATION_FAILED', { message: 'A job id is a UUID' });
    return c.json(await c.get('services').jobs.get(id.data, requestScope(c)));
  });
  return routes;
}
