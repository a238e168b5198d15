import { AppError } from '@lucent/shared';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { multipartRelatedStream, newBoundary } from '../../http/multipart-related-writer.js';
import { parseUid } from '../../http/params.js';
import { readBody } from '../../http/read-body.js';
import { requestHeader } from '../../http/request-header.js';
import { requestScope } from '../../security/facility-scope.js';
import { maskDicomJson, maskDicomJsonArrayText, mayReadPhi } from '../../security/phi/phi-mask.js';
import { requirePermission } from '../../security/route-access.js';
import { auditedIngest } from '../audit/route-audit.js';
import {
  auditedFramesRead,
  auditedInstanceRender,
  auditedSearch,
  auditedStudyOpen,
  auditedStudyThumbnail,
} from './dicomweb-audit.js';
import { parseFrameList } from './frame-list.js';
import { requireAccept } from './media-type.js';
import { parseQidoQuery, type QidoQuery } from './qido-query.js';
import { createQidoSearch, type QidoScope } from './qido-search.js';
import { renderedFormat, renderedOptions } from './rendered-params.js';
import { storeInstances, stowBoundary } from './stow.js';
import { frameParts, negotiateFrames } from './wado-frames.js';
import { instanceParts, negotiateInstances } from './wado-instances.js';
import { metadataOf } from './wado-metadata.js';
import { renderInstance, representativeInstance } from './wado-rendered.js';
import { instancesIn, type StoredInstance, type WadoScope } from './wado-scope.js';

type C = Context<AppEnv>;

const DICOM_JSON = ['application/dicom+json', 'application/json'];
const THUMBNAIL_VIEWPORT: [number, number] = [128, 128];

/** The DICOMweb root as the client sees it, for RetrieveURL values. */
const baseUrlOf = (c: C) => `${new URL(c.req.url).origin}/dicomweb`;

function scopeOf(c: C): WadoScope {
  const study = c.req.param('study');
  const series = c.req.param('series');
  const instance = c.req.param('instance');
  return {
    studyInstanceUid: parseUid(study, 'studyInstanceUid'),
    ...(series === undefined ? {} : { seriesInstanceUid: parseUid(series, 'seriesInstanceUid') }),
    ...(instance === undefined ? {} : { sopInstanceUid: parseUid(instance, 'sopInstanceUid') }),
  };
}

function uploaderFacility(c: C): string {
  const auth = c.get('auth');
  if (auth === null) throw new AppError('UNAUTHENTICATED');
  return auth.facilityId;
}

function dicomJson(c: C, body: string, status: 200 | 202 | 409 = 200, warning?: string) {
  const type = requireAccept(requestHeader(c, 'accept'), DICOM_JSON);
  if (warning !== undefined) c.header('Warning', warning);
  return c.body(body, status, { 'Content-Type': type === 'application/json' ? type : 'application/dicom+json' });
}

function multipart(
  c: C,
  type: string,
  parts: AsyncIterable<import('../../http/multipart-related-writer.js').OutgoingPart>,
) {
  const boundary = newBoundary();
  return c.body(multipartRelatedStream(parts, boundary), 200, {
    'Content-Type': `multipart/related; type="${type}"; boundary=${boundary}`,
  });
}

function qidoWarning(query: QidoQuery): string | undefined {
  const notes: string[] = [];
  if (query.ignored.length > 0) {
    notes.push(
      `The following attributes are not supported as matching keys: ${query.ignored.join(', ').slice(0, 300)}`,
    );
  }
  if (query.fuzzyMatching) notes.push('Fuzzy matching is not supported');
  return notes.length === 0 ? undefined : `299 lucent "${notes.join('; ').replace(/"/g, "'")}"`;
}

async function qido(c: C, level: 'studies' | 'series' | 'instances', scope: QidoScope) {
  requireAccept(requestHeader(c, 'accept'), DICOM_JSON);
  const query = await parseQidoQuery(new URL(c.req.url).searchParams);
  const search = createQidoSearch(c.get('services').db, c.get('services').phi, requestScope(c));
  const base = baseUrlOf(c);
  const results =
    level === 'studies'
      ? await search.studies(query, base)
      : level === 'series'
        ? await search.series(query, scope, base)
        : await search.instances(query, scope, base);
  // No match is 200 with an empty array (not 204), as most servers and viewers expect.
  const visible = mayReadPhi(c.get('auth')) ? results : results.map(maskDicomJson);
  return dicomJson(c, JSON.stringify(visible), 200, qidoWarning(query));
}

const oneInstance = async (c: C): Promise<StoredInstance> => {
  const [instance] = await instancesIn(c.get('services').db, scopeOf(c), requestScope(c));
  return instance as StoredInstance;
};

async function rendered(c: C, instance: StoredInstance, frame: number, thumbnail: boolean) {
  const { format, contentType } = renderedFormat(requestHeader(c, 'accept'), c.req.query('accept'));
  const options = renderedOptions((name) => c.req.query(name), thumbnail ? { viewport: THUMBNAIL_VIEWPORT } : {});
  if (frame > Math.max(1, instance.numberOfFrames)) {
    throw new AppError('FRAME_OUT_OF_RANGE', { details: { frame, frames: instance.numberOfFrames } });
  }
  const image = await renderInstance(
    c.get('services'),
    instance,
    requestScope(c),
    { ...options, format, frame: frame - 1 },
    c.get('signal'),
  );
  return c.body(image as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': contentType,
    'Cache-Control': 'private, max-age=3600',
  });
}

/** The single frame a frame-level rendered/thumbnail request names. */
function singleFrame(c: C, instance: StoredInstance): number {
  const frames = parseFrameList(c.req.param('frames'), instance.numberOfFrames);
  if (frames.length !== 1) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'Render one frame at a time',
      details: { parameter: 'frames' },
    });
  }
  return frames[0] as number;
}

/** DICOMweb (PS3.18): QIDO-RS, WADO-RS and STOW-RS under /dicomweb. */
export function dicomwebRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const read = requirePermission('studies:read');
  // Whole instances carry the patient's identifiers unmasked: phi:read (every role with it also reads studies).
  const readFiles = requirePermission('phi:read');
  const upload = requirePermission('studies:upload');

  // QIDO-RS
  routes.get('/studies', read, auditedSearch('studies'), (c) => qido(c, 'studies', {}));
  routes.get('/series', read, auditedSearch('series'), (c) => qido(c, 'series', {}));
  routes.get('/instances', read, auditedSearch('instances'), (c) => qido(c, 'instances', {}));
  const listSeries = auditedStudyOpen('study.read', 'qido-series');
  const listInstances = auditedStudyOpen('study.read', 'qido-instances');
  routes.get('/studies/:study/series', read, listSeries, (c) => qido(c, 'series', scopeOf(c)));
  routes.get('/studies/:study/instances', read, listInstances, (c) => qido(c, 'instances', scopeOf(c)));
  routes.get('/studies/:study/series/:series/instances', read, listInstances, (c) => qido(c, 'instances', scopeOf(c)));

  // WADO-RS metadata
  const metadata = async (c: C) => {
    requireAccept(requestHeader(c, 'accept'), DICOM_JSON);
    const text = await metadataOf(c.get('services'), scopeOf(c), requestScope(c), c.get('signal')());
    return dicomJson(c, mayReadPhi(c.get('auth')) ? text : maskDicomJsonArrayText(text));
  };
  const readMetadata = auditedStudyOpen('study.read', 'wado-metadata');
  routes.get('/studies/:study/metadata', read, readMetadata, metadata);
  routes.get('/studies/:study/series/:series/metadata', read, readMetadata, metadata);
  routes.get('/studies/:study/series/:series/instances/:instance/metadata', read, readMetadata, metadata);

  // WADO-RS instances
  const retrieve = async (c: C) => {
    const instances = await instancesIn(c.get('services').db, scopeOf(c), requestScope(c));
    const plan = negotiateInstances(requestHeader(c, 'accept'), instances);
    if (plan.kind === 'single') {
      const only = instances[0] as StoredInstance;
      return c.body((await c.get('services').storage.get(only.storageKey)) as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': `application/dicom; transfer-syntax=${only.transferSyntaxUid}`,
      });
    }
    return multipart(c, 'application/dicom', instanceParts(c.get('services'), instances));
  };
  const retrieved = auditedStudyOpen('study.retrieve', 'wado-retrieve');
  routes.get('/studies/:study', readFiles, retrieved, retrieve);
  routes.get('/studies/:study/series/:series', readFiles, retrieved, retrieve);
  routes.get('/studies/:study/series/:series/instances/:instance', readFiles, retrieved, retrieve);

  // WADO-RS frames
  routes.get(
    '/studies/:study/series/:series/instances/:instance/frames/:frames',
    read,
    auditedFramesRead('frames'),
    async (c) => {
      const instance = await oneInstance(c);
      if (instance.numberOfFrames === 0) throw new AppError('NO_PIXEL_DATA');
      const frames = parseFrameList(c.req.param('frames'), instance.numberOfFrames);
      const plan = negotiateFrames(requestHeader(c, 'accept'), instance);
      return multipart(c, plan.rootType, frameParts(c.get('services'), instance, frames, plan, c.get('signal')()));
    },
  );

  // WADO-RS rendered and thumbnails
  const base = '/studies/:study/series/:series/instances/:instance';
  routes.get(`${base}/rendered`, read, auditedInstanceRender('wado-rendered'), async (c) =>
    rendered(c, await oneInstance(c), 1, false),
  );
  routes.get(`${base}/thumbnail`, read, auditedInstanceRender('wado-thumbnail'), async (c) =>
    rendered(c, await oneInstance(c), 1, true),
  );
  routes.get(`${base}/frames/:frames/rendered`, read, auditedFramesRead('wado-rendered'), async (c) => {
    const instance = await oneInstance(c);
    return rendered(c, instance, singleFrame(c, instance), false);
  });
  routes.get(`${base}/frames/:frames/thumbnail`, read, auditedFramesRead('wado-thumbnail'), async (c) => {
    const instance = await oneInstance(c);
    return rendered(c, instance, singleFrame(c, instance), true);
  });
  const representativeThumbnail = async (c: C) => {
    const instances = await instancesIn(c.get('services').db, scopeOf(c), requestScope(c));
    return rendered(c, representativeInstance(instances), 1, true);
  };
  routes.get('/studies/:study/thumbnail', read, auditedStudyThumbnail, representativeThumbnail);
  routes.get('/studies/:study/series/:series/thumbnail', read, auditedStudyThumbnail, representativeThumbnail);

  // STOW-RS
  const store = async (c: C) => {
    const studyParam = c.req.param('study');
    const study = studyParam === undefined ? undefined : parseUid(studyParam, 'studyInstanceUid');
    requireAccept(requestHeader(c, 'accept'), DICOM_JSON);
    const boundary = stowBoundary(requestHeader(c, 'content-type'));
    const body = await readBody(c.req.raw, c.get('services').env.MAX_REQUEST_BYTES);
    const result = await storeInstances(c.get('services'), body, boundary, baseUrlOf(c), study, {
      facilityId: uploaderFacility(c),
      audit: c.get('ingestAudit'),
    });
    return dicomJson(c, JSON.stringify(result.body), result.status);
  };
  const stow = auditedIngest('stow');
  routes.post('/studies', upload, stow, store);
  routes.post('/studies/:study', upload, stow, store);

  return routes;
}
