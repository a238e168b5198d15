/** What one REST/DICOMweb request is, for the audit trail (undefined: not audited). */
export type HttpAuditTarget =
  | {
      kind: 'entry';
      action: string;
      resourceType: string;
      resourceId: string | null;
      details: Record<string, unknown>;
    }
  | {
      kind: 'image';
      view: string;
      sopInstanceUid?: string;
      studyInstanceUid?: string;
      frames?: number[];
    }
  | { kind: 'ingest'; via: string };

const UID = /^[0-9]+(\.[0-9]+)*$/;

/** A path segment that is a UID, or null (anything else is not echoed into the trail). */
function uid(segment: string | undefined): string | null {
  if (segment === undefined) return null;
  let text: string;
  try {
    text = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return text.length <= 64 && UID.test(text) ? text : null;
}

const optional = <T>(name: string, value: T | null | undefined) =>
  value === null || value === undefined ? {} : { [name]: value };

/** Frame numbers of a frame list (`1,3,5`), or undefined when it is not one. */
function frameList(segment: string | undefined): number[] | undefined {
  if (segment === undefined || !/^\d{1,9}(,\d{1,9}){0,999}$/.test(segment)) return undefined;
  return segment.split(',').map(Number);
}

/** Query parameter names only: their values may be patient names or IDs. */
const parameterNames = (query: URLSearchParams) => [...new Set(query.keys())].sort().slice(0, 50);

const studyEntry = (action: string, parts: string[], via: string, extra: Record<string, unknown> = {}) => ({
  kind: 'entry' as const,
  action,
  resourceType: 'study',
  resourceId: uid(parts[0]),
  details: {
    via,
    ...optional('seriesInstanceUid', uid(parts[1])),
    ...optional('sopInstanceUid', uid(parts[2])),
    ...extra,
  },
});

type Matcher = (match: string[], query: URLSearchParams) => HttpAuditTarget;

/** Method + path pattern → audit target. `([^/]+)` captures a path parameter. */
const ROUTES: Array<[string, RegExp, Matcher]> = [
  // /api/v1/images: each image read is gathered into the user's per-study window.
  [
    'GET',
    /^\/api\/v1\/images\/([^/]+)\/(thumbnail|preview|full|rendered)$/,
    ([sop, view], query) => ({
      kind: 'image',
      view: view as string,
      ...optional('sopInstanceUid', uid(sop)),
      frames: [Number(query.get('frame') ?? '1') || 1],
    }),
  ],
  [
    'GET',
    /^\/api\/v1\/images\/([^/]+)\/frames\/([^/]+)\/pixels$/,
    ([sop, frame]) => ({
      kind: 'image',
      view: 'pixels',
      ...optional('sopInstanceUid', uid(sop)),
      ...optional('frames', frameList(frame)),
    }),
  ],
  [
    'GET',
    /^\/api\/v1\/images\/([^/]+)\/file$/,
    ([sop]) => ({
      kind: 'entry',
      action: 'instance.download',
      resourceType: 'instance',
      resourceId: uid(sop),
      details: {},
    }),
  ],
  [
    'POST',
    /^\/api\/v1\/images\/([^/]+)\/invalidate-cache$/,
    ([sop]) => ({
      kind: 'entry',
      action: 'image.cache.invalidate',
      resourceType: 'instance',
      resourceId: uid(sop),
      details: {},
    }),
  ],
  ['POST', /^\/api\/v1\/instances\/?$/, () => ({ kind: 'ingest', via: 'rest' })],
  [
    'GET',
    /^\/api\/v1\/instances\/([^/]+)$/,
    ([sop]) => ({
      kind: 'entry',
      action: 'instance.read',
      resourceType: 'instance',
      resourceId: uid(sop),
      details: {},
    }),
  ],
  [
    'GET',
    /^\/api\/v1\/jobs\/([^/]+)$/,
    ([id]) => ({
      kind: 'entry',
      action: 'job.read',
      resourceType: 'job',
      resourceId: /^[0-9a-f-]{36}$/i.test(id ?? '') ? (id as string) : null,
      details: {},
    }),
  ],
  // DICOMweb QIDO-RS searches: the matching keys' names, never their values.
  [
    'GET',
    /^\/dicomweb\/(studies|series|instances)$/,
    ([level], query) => ({
      kind: 'entry',
      action: 'study.search',
      resourceType: 'study',
      resourceId: null,
      details: { via: 'qido', level, parameters: parameterNames(query) },
    }),
  ],
  // Opening a study: every QIDO listing inside it, WADO metadata and retrieval has its own row.
  ['GET', /^\/dicomweb\/studies\/([^/]+)\/series$/, (parts) => studyEntry('study.read', parts, 'qido-series')],
  [
    'GET',
    /^\/dicomweb\/studies\/([^/]+)(?:\/series\/([^/]+))?\/instances$/,
    (parts) => studyEntry('study.read', parts, 'qido-instances'),
  ],
  [
    'GET',
    /^\/dicomweb\/studies\/([^/]+)(?:\/series\/([^/]+)(?:\/instances\/([^/]+))?)?\/metadata$/,
    (parts) => studyEntry('study.read', parts, 'wado-metadata'),
  ],
  [
    'GET',
    /^\/dicomweb\/studies\/([^/]+)(?:\/series\/([^/]+)(?:\/instances\/([^/]+))?)?$/,
    (parts) => studyEntry('study.retrieve', parts, 'wado-retrieve'),
  ],
  // WADO-RS frames, rendered and thumbnails: image reads.
  [
    'GET',
    /^\/dicomweb\/studies\/([^/]+)\/series\/[^/]+\/instances\/([^/]+)\/frames\/([^/]+)(?:\/(rendered|thumbnail))?$/,
    ([study, sop, frames, rendition]) => ({
      kind: 'image',
      view: rendition === undefined ? 'frames' : `wado-${rendition}`,
      ...optional('studyInstanceUid', uid(study)),
      ...optional('sopInstanceUid', uid(sop)),
      ...optional('frames', frameList(frames)),
    }),
  ],
  [
    'GET',
    /^\/dicomweb\/studies\/([^/]+)\/series\/[^/]+\/instances\/([^/]+)\/(rendered|thumbnail)$/,
    ([study, sop, rendition]) => ({
      kind: 'image',
      view: `wado-${rendition}`,
      ...optional('studyInstanceUid', uid(study)),
      ...optional('sopInstanceUid', uid(sop)),
      frames: [1],
    }),
  ],
  [
    'GET',
    /^\/dicomweb\/studies\/([^/]+)(?:\/series\/[^/]+)?\/thumbnail$/,
    ([study]) => ({ kind: 'image', view: 'wado-thumbnail', ...optional('studyInstanceUid', uid(study)) }),
  ],
  ['POST', /^\/dicomweb\/studies(?:\/[^/]+)?$/, () => ({ kind: 'ingest', via: 'stow' })],
  // Reading the trail is itself recorded.
  [
    'GET',
    /^\/api\/v1\/audit\/?$/,
    (_match, query) => ({
      kind: 'entry',
      action: 'audit.search',
      resourceType: 'audit_log',
      resourceId: null,
      details: { parameters: parameterNames(query) },
    }),
  ],
  [
    'GET',
    /^\/api\/v1\/audit\/export\.csv$/,
    (_match, query) => ({
      kind: 'entry',
      action: 'audit.export',
      resourceType: 'audit_log',
      resourceId: null,
      details: { parameters: parameterNames(query) },
    }),
  ],
  [
    'POST',
    /^\/api\/v1\/audit\/verify$/,
    () => ({ kind: 'entry', action: 'audit.verify', resourceType: 'audit_log', resourceId: null, details: {} }),
  ],
];

/** The audit target of a request, from its method and path (the routes' own table, in one place). */
export function httpAuditTarget(method: string, path: string, query: URLSearchParams): HttpAuditTarget | undefined {
  const normalized = method === 'HEAD' ? 'GET' : method;
  for (const [routeMethod, pattern, target] of ROUTES) {
    if (routeMethod !== normalized) continue;
    const match = pattern.exec(path);
    if (match !== null) return target(match.slice(1), query);
  }
  return undefined;
}
