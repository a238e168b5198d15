import { AppError, type ImageKind } from '@lucent/shared';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { parseUid } from '../../http/params.js';
import { requestHeader } from '../../http/request-header.js';
import { requestScope } from '../../security/facility-scope.js';
import { requirePermission } from '../../security/route-access.js';
import { frameListParam, optional, uidParam } from '../audit/request-identifiers.js';
import { audited, auditedImageRead } from '../audit/route-audit.js';
import { matchesIfNoneMatch, parseImageRequest } from './image-request.js';

const kinds: ImageKind[] = ['thumbnail', 'preview', 'full', 'rendered'];

function frameNumberOf(text: string | undefined): number {
  if (text === undefined || !/^\d{1,9}$/.test(text)) {
    throw new AppError('INVALID_RENDER_OPTIONS', { message: 'The frame number must be a positive integer' });
  }
  const frame = Number(text);
  if (frame < 1)
    throw new AppError('FRAME_OUT_OF_RANGE', { message: 'Frames are numbered from 1', details: { frame } });
  return frame - 1;
}

/** The instance a route's `:uid` names, for its audit entry. */
const instanceResource = (c: Context<AppEnv>) => ({ type: 'instance', id: uidParam(c, 'uid') });

const ifNoneMatchOf = (c: Context<AppEnv>) => {
  const header = requestHeader(c, 'if-none-match');
  return (etag: string) => matchesIfNoneMatch(header, etag);
};

function notModified(c: Context<AppEnv>, etag: string, cacheControl: string) {
  c.header('ETag', etag);
  c.header('Cache-Control', cacheControl);
  return c.body(null, 304);
}

/**
 * The progressive image routes under /api/v1/images: thumbnail (fits 128×128), preview (fits
 * 800×800), full, rendered (frame, width, height, window or window-center/window-width, format,
 * quality), the decoded pixels of one frame, and the stored file. Frames are numbered from 1.
 * Strong ETags from the instance's SHA-256 and the normalised parameters; 304 before any work.
 */
export function imagesRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/cache-stats', requirePermission('system:monitor'), async (c) =>
    c.json(await c.get('services').images.stats()),
  );

  const invalidate = audited({ action: 'image.cache.invalidate', resource: instanceResource });
  routes.post('/:uid/invalidate-cache', requirePermission('studies:write'), invalidate, async (c) => {
    const uid = parseUid(c.req.param('uid'), 'sopInstanceUid');
    return c.json(await c.get('services').images.invalidate(uid, requestScope(c)));
  });

  for (const kind of kinds) {
    const readImage = auditedImageRead((c) => ({
      view: kind,
      ...optional('sopInstanceUid', uidParam(c, 'uid')),
      frames: [Number(c.req.query('frame') ?? '1') || 1],
    }));
    routes.get(`/:uid/${kind}`, requirePermission('studies:read'), readImage, async (c) => {
      const uid = parseUid(c.req.param('uid'), 'sopInstanceUid');
      const request = parseImageRequest(kind, (name) => c.req.query(name), requestHeader(c, 'accept'));
      const answer = await c
        .get('services')
        .images.render(uid, requestScope(c), request, ifNoneMatchOf(c), c.get('signal'));
      const cacheControl = `private, max-age=${answer.ttlSeconds}`;
      c.header('Vary', 'Accept');
      if (answer.image === undefined) return notModified(c, answer.etag, cacheControl);
      c.header('ETag', answer.etag);
      c.header('Cache-Control', cacheControl);
      c.header('Content-Type', answer.image.mimeType);
      return c.body(answer.image.data as Uint8Array<ArrayBuffer>);
    });
  }

  const readPixels = auditedImageRead((c) => ({
    view: 'pixels',
    ...optional('sopInstanceUid', uidParam(c, 'uid')),
    ...optional('frames', frameListParam(c, 'frame')),
  }));
  routes.get('/:uid/frames/:frame/pixels', requirePermission('studies:read'), readPixels, async (c) => {
    const uid = parseUid(c.req.param('uid'), 'sopInstanceUid');
    const frame = frameNumberOf(c.req.param('frame'));
    const answer = await c
      .get('services')
      .images.pixels(uid, requestScope(c), frame, ifNoneMatchOf(c), c.get('signal'));
    const cacheControl = 'private, max-age=3600';
    if (answer.pixels === undefined) return notModified(c, answer.etag, cacheControl);
    const { pixels } = answer;
    c.header('ETag', answer.etag);
    c.header('Cache-Control', cacheControl);
    c.header('Content-Type', 'application/octet-stream');
    c.header('X-Rows', String(pixels.rows));
    c.header('X-Columns', String(pixels.columns));
    c.header('X-Bits-Allocated', String(pixels.bitsAllocated));
    c.header('X-Bits-Stored', String(pixels.bitsStored));
    c.header('X-Pixel-Representation', String(pixels.pixelRepresentation));
    c.header('X-Samples-Per-Pixel', String(pixels.samplesPerPixel));
    c.header('X-Photometric-Interpretation', pixels.photometricInterpretation);
    c.header('X-Frame', String(frame + 1));
    c.header('X-Number-Of-Frames', String(pixels.frames));
    return c.body(pixels.data as Uint8Array<ArrayBuffer>);
  });

  // The stored DICOM file carries the patient's identifiers unmasked: phi:read (every role with it also reads studies).
  const download = audited({ action: 'instance.download', resource: instanceResource });
  routes.get('/:uid/file', requirePermission('phi:read'), download, async (c) => {
    const uid = parseUid(c.req.param('uid'), 'sopInstanceUid');
    const file = await c.get('services').images.file(uid, requestScope(c));
    const cacheControl = 'private, max-age=3600';
    if (matchesIfNoneMatch(requestHeader(c, 'if-none-match'), file.etag))
      return notModified(c, file.etag, cacheControl);
    c.header('ETag', file.etag);
    c.header('Cache-Control', cacheControl);
    c.header('Content-Type', 'application/dicom');
    return c.body((await file.read()) as Uint8Array<ArrayBuffer>);
  });

  return routes;
}
