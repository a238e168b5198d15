import { AppError } from '@lucent/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { readBody } from '../../http/read-body.js';

/** Media types accepted as one raw DICOM file. */
const DICOM_TYPES = new Set(['application/dicom', 'application/octet-stream']);

export function ingestRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  /** POST /api/v1/instances — one file as the body (application/dicom). */
  routes.post('/', async (c) => {
    const { env, ingest } = c.var.services;
    const type = (c.req.header('content-type') ?? 'application/dicom').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!DICOM_TYPES.has(type)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
        message: 'Send application/dicom or multipart/form-data',
        details: { contentType: type },
      });
    }
    const body = await readBody(c.req.raw, env.MAX_FILE_BYTES);
    const result = await ingest.ingest(body, { overwrite: c.req.query('overwrite') === 'true' });
    return c.json(result, result.outcome === 'stored' ? 201 : 200);
  });
  return routes;
}
