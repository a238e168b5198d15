import { AppError, type FrameLocation } from '@lucent/shared';
import type { Database } from '../../db/open-database.js';
import { runPrepared } from '../../db/prepared-query.js';
import type { FacilityScope } from '../../security/auth-context.js';
import { whereInScope } from '../../security/facility-scope.js';

/** A WADO-RS target: a study, a series of it, or one instance of that series. */
export interface WadoScope {
  studyInstanceUid: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
}

export interface StoredInstance {
  id: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string | null;
  transferSyntaxUid: string;
  storageKey: string;
  numberOfFrames: number;
  frames: FrameLocation[];
  pixelOffsetBase: string | null;
  /** The stored DICOM JSON as text (null when the instance was stored without it). */
  dicomJson: string | null;
}

interface Row {
  id: string;
  study_instance_uid: string;
  series_instance_uid: string;
  sop_instance_uid: string;
  sop_class_uid: string | null;
  transfer_syntax_uid: string;
  storage_key: string;
  number_of_frames: number;
  frames: FrameLocation[] | string;
  pixel_offset_base: string | null;
  dicom_json?: string | null;
}

const what = (scope: WadoScope) =>
  scope.sopInstanceUid !== undefined ? 'Instance' : scope.seriesInstanceUid !== undefined ? 'Series' : 'Study';

/**
 * The stored instances a WADO-RS path names, in series and instance-number order; 404 NOT_FOUND
 * when there are none (an unknown UID, a series that is not in that study, or another facility's).
 */
export async function instancesIn(
  db: Database,
  scope: WadoScope,
  facilities: FacilityScope,
  options: { dicomJson?: boolean } = {},
): Promise<StoredInstance[]> {
  const knex = db.knex;
  const query = knex({ i: 'instance' })
    .join({ se: 'series' }, 'se.id', 'i.series_id')
    .join({ s: 'study' }, 's.id', 'i.study_id')
    .select(
      'i.id',
      's.study_instance_uid',
      'se.series_instance_uid',
      'i.sop_instance_uid',
      'i.sop_class_uid',
      'i.transfer_syntax_uid',
      'i.storage_key',
      'i.number_of_frames',
      'i.frames',
      'i.pixel_offset_base',
    )
    .where('s.study_instance_uid', scope.studyInstanceUid)
    .orderByRaw(
      'se.series_number asc nulls last, se.series_instance_uid, i.instance_number asc nulls last, i.sop_instance_uid',
    );
  if (options.dicomJson === true) query.select(knex.raw('i.dicom_json::text as dicom_json'));
  if (scope.seriesInstanceUid !== undefined) query.where('se.series_instance_uid', scope.seriesInstanceUid);
  if (scope.sopInstanceUid !== undefined) query.where('i.sop_instance_uid', scope.sopInstanceUid);
  // Another facility's study is not found (404, like an unknown UID).
  whereInScope(query, facilities, 's.facility_id');
  const rows = await runPrepared<Row>(knex, query);
  if (rows.length === 0) throw new AppError('NOT_FOUND', { message: `${what(scope)} not found` });
  return rows.map((row) => ({
    id: row.id,
    studyInstanceUid: row.study_instance_uid,
    seriesInstanceUid: row.series_instance_uid,
    sopInstanceUid: row.sop_instance_uid,
    sopClassUid: row.sop_class_uid,
    transferSyntaxUid: row.transfer_syntax_uid,
    storageKey: row.storage_key,
    numberOfFrames: row.number_of_frames,
    frames: typeof row.frames === 'string' ? (JSON.parse(row.frames) as FrameLocation[]) : row.frames,
    pixelOffsetBase: row.pixel_offset_base,
    dicomJson: row.dicom_json ?? null,
  }));
}
