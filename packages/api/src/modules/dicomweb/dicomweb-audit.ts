import type { Context } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { frameListParam, optional, queryParameterNames, uidParam } from '../audit/request-identifiers.js';
import { audited, auditedImageRead } from '../audit/route-audit.js';

/** The audit declarations of the DICOMweb routes (used beside each route's permission in dicomweb.routes.ts). */

type C = Context<AppEnv>;

/** A QIDO-RS search at `level`: the matching keys' names, never their values. */
export const auditedSearch = (level: 'studies' | 'series' | 'instances') =>
  audited({
    action: 'study.search',
    resource: () => ({ type: 'study', id: null }),
    details: (c) => ({ via: 'qido', level, parameters: queryParameterNames(c) }),
  });

/**
 * Opening a study (`study.read`: QIDO listings inside it, WADO-RS metadata; `study.retrieve`: the
 * stored files): one row about the study, naming the series and instance when the path does.
 */
export const auditedStudyOpen = (action: 'study.read' | 'study.retrieve', via: string) =>
  audited({
    action,
    resource: (c) => ({ type: 'study', id: uidParam(c, 'study') }),
    details: (c) => ({
      via,
      ...optional('seriesInstanceUid', uidParam(c, 'series')),
      ...optional('sopInstanceUid', uidParam(c, 'instance')),
    }),
  });

const instanceRead = (c: C, view: string) => ({
  view,
  ...optional('studyInstanceUid', uidParam(c, 'study')),
  ...optional('sopInstanceUid', uidParam(c, 'instance')),
});

/** WADO-RS frames (`frames`) or a frame rendered (`wado-rendered`, `wado-thumbnail`): an image read of those frames. */
export const auditedFramesRead = (view: 'frames' | 'wado-rendered' | 'wado-thumbnail') =>
  auditedImageRead((c) => ({ ...instanceRead(c, view), ...optional('frames', frameListParam(c, 'frames')) }));

/** An instance rendered (`wado-rendered`, `wado-thumbnail`): an image read of its first frame. */
export const auditedInstanceRender = (view: 'wado-rendered' | 'wado-thumbnail') =>
  auditedImageRead((c) => ({ ...instanceRead(c, view), frames: [1] }));

/** A study's or series' representative thumbnail: an image read of the study. */
export const auditedStudyThumbnail = auditedImageRead((c) => ({
  view: 'wado-thumbnail',
  ...optional('studyInstanceUid', uidParam(c, 'study')),
}));
