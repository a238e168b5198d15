import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { AppError } from '@lucent/shared';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { readBody } from '../../http/read-body.js';
import { requestHeader } from '../../http/request-header.js';
import { requirePermission } from '../../security/route-access.js';
import { auditedIngest } from '../audit/route-audit.js';
import { hasImageTarget, imageTargetOf } from './image-upload.js';
import type { UploadRequest } from './upload.service.js';

/** Media types accepted as one raw DICOM file, and images wrapped as Secondary Capture. */
const DICOM_TYPES = new Set(['application/dicom', 'application/octet-stream']);
const IMAGE_TYPES = new Set(['image/jpeg', 'image/jpg', 'image/png']);
const MULTIPART = 'multipart/form-data';

function uploadRequestOf(c: Context<AppEnv>): UploadRequest {
  const auth = c.get('auth');
  if (auth === null) throw new AppError('UNAUTHENTICATED');
  const contentType = requestHeader(c, 'content-type') ?? 'application/dicom';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const length = requestHeader(c, 'content-length');
  const declared = length === undefined ? undefined : Number(length);
  const query = c.req.query();
  return {
    mediaType,
    contentType,
    declaredLength: declared !== undefined && Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined,
    overwrite: query.overwrite === 'true',
    owner: { facilityId: auth.facilityId, userId: auth.userId },
    audit: c.get('ingestAudit'),
    query: (name) => query[name],
  };
}

/**
 * POST /api/v1/instances — `application/dicom` (one file), `image/jpeg` / `image/png` (one image
 * to wrap as Secondary Capture; needs `studyInstanceUid` or `patientId`), or `multipart/form-data`
 * with any number of files under any field names. `?overwrite=true` replaces an instance stored
 * with different bytes. `?async=true`, or a Content-Length above ASYNC_INGEST_BYTES, answers 202
 * with a job id (Location: /api/v1/jobs/{id}) once the body is spooled.
 *
 * Statuses: one file → 201 stored / 200 duplicate or overwritten / its error. A form → 200 with an
 * IngestSummary when at least one file was stored, a duplicate or overwritten (failed files are
 * listed with their codes), or, when every file failed, the first file's error status and code
 * (details.summary lists them all).
 */
export function ingestRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post('/', requirePermission('studies:upload'), auditedIngest('rest'), async (c) => {
    const { env, uploads } = c.get('services');
    const request = uploadRequestOf(c);
    // Replacing stored bytes is a write, not only an upload.
    if (request.overwrite && c.get('auth')?.permissions.has('studies:write') !== true) {
      throw new AppError('FORBIDDEN', { message: 'Overwriting an instance needs studies:write' });
    }
    const multipart = request.mediaType === MULTIPART;
    const image = IMAGE_TYPES.has(request.mediaType);
    if (!multipart && !image && !DICOM_TYPES.has(request.mediaType)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
        message: 'Send application/dicom, image/jpeg, image/png or multipart/form-data',
        details: { contentType: request.mediaType },
      });
    }
    if (image && !hasImageTarget(imageTargetOf(request.query))) throw new AppError('STUDY_OR_PATIENT_REQUIRED');
    const limit = multipart ? env.MAX_REQUEST_BYTES : env.MAX_FILE_BYTES;
    if (request.declaredLength !== undefined && request.declaredLength > limit) {
      throw new AppError('PAYLOAD_TOO_LARGE', { details: { limit } });
    }

    const background =
      c.req.query('async') === 'true' ||
      (request.declaredLength !== undefined && request.declaredLength > env.ASYNC_INGEST_BYTES);
    if (background) {
      const jobId = await uploads.submit(c.req.raw.body, request);
      c.header('Location', `/api/v1/jobs/${jobId}`);
      return c.json({ jobId }, 202);
    }

    if (multipart) {
      const body = c.req.raw.body;
      if (body === null) throw new AppError('VALIDATION_FAILED', { message: 'The form has no files' });
      const summary = await uploads.ingestForm(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), request);
      const first = summary.files[0]?.error;
      if (summary.failed === summary.files.length && first !== undefined) {
        throw new AppError(first.code, { message: first.message, details: { summary } });
      }
      return c.json(summary, 200);
    }
    const bytes = await readBody(c.req.raw, env.MAX_FILE_BYTES);
    const result = await uploads.ingestBody(bytes, request);
    return c.json(result, result.outcome === 'stored' ? 201 : 200);
  });
  return routes;
}
