import type { DicomJsonDataset } from '@lucent/engine';
import type { Knex } from '@mikro-orm/postgresql';
import type { Database } from '../../db/open-database.js';
import { runPrepared } from '../../db/prepared-query.js';
import type { FacilityScope } from '../../security/auth-context.js';
import { whereInScope } from '../../security/facility-scope.js';
import type { PhiCipher } from '../../security/phi/phi-cipher.js';
import type { PhiIndexes } from '../../security/phi/phi-indexes.js';
import { dicomJsonOf } from '../../security/phi/phi-records.js';
import type { PhiService } from '../../security/phi/phi-service.js';
import { applyStudyFilter, hasWildcard, likePattern } from '../studies/study-filters.js';
import { decryptStudyRow, type StudyRow, studyColumns } from '../studies/study-rows.js';
import type { QidoQuery } from './qido-query.js';
import {
  type InstanceResultRow,
  instanceResult,
  type SeriesResultRow,
  seriesResult,
  studyResult,
} from './qido-results.js';

/** Where a search runs: everything, one study, or one series of one study. */
export interface QidoScope {
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
}

export interface QidoSearch {
  studies(query: QidoQuery, baseUrl: string): Promise<DicomJsonDataset[]>;
  series(query: QidoQuery, scope: QidoScope, baseUrl: string): Promise<DicomJsonDataset[]>;
  instances(query: QidoQuery, scope: QidoScope, baseUrl: string): Promise<DicomJsonDataset[]>;
}

function matchText(query: Knex.QueryBuilder, column: string, value: string | undefined, caseInsensitive = false) {
  if (value === undefined) return;
  if (hasWildcard(value) || caseInsensitive) {
    query.whereRaw(`lower(${column}) like lower(?) escape '\\'`, [likePattern(value)]);
  } else query.where(column, value);
}

function applyQidoStudyFilter(query: Knex.QueryBuilder, filter: QidoQuery['study'], indexes: PhiIndexes): void {
  applyStudyFilter(query, filter, indexes);
  if (filter.modalities !== undefined) query.whereRaw('s.modalities && ?::text[]', [filter.modalities]);
  matchText(query, 's.description', filter.studyDescription, true);
}

function applySeriesFilter(query: Knex.QueryBuilder, filter: QidoQuery['series']): void {
  if (filter.modality !== undefined) query.where('se.modality', filter.modality);
  if (filter.seriesInstanceUids !== undefined) query.whereIn('se.series_instance_uid', filter.seriesInstanceUids);
  if (filter.seriesNumber !== undefined) query.where('se.series_number', filter.seriesNumber);
  matchText(query, 'se.description', filter.seriesDescription, true);
}

function applyInstanceFilter(query: Knex.QueryBuilder, filter: QidoQuery['instance']): void {
  if (filter.sopInstanceUids !== undefined) query.whereIn('i.sop_instance_uid', filter.sopInstanceUids);
  if (filter.sopClassUids !== undefined) query.whereIn('i.sop_class_uid', filter.sopClassUids);
  if (filter.instanceNumber !== undefined) query.where('i.instance_number', filter.instanceNumber);
}

const wantsExtra = (query: QidoQuery) => query.includeFields === 'all' || query.includeFields.size > 0;

/** For each parent id, its first instance (by instance number): Study ID and, when asked for, its DICOM JSON. */
async function representatives(
  knex: Knex,
  cipher: PhiCipher,
  column: 'study_id' | 'series_id',
  ids: string[],
  withJson: boolean,
): Promise<Map<string, { studyId: string | null; dicomJson: DicomJsonDataset | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await runPrepared<{ parent: string; study_id_value: string | null; dicom_json?: unknown }>(
    knex,
    knex('instance')
      .distinctOn(column)
      .select({ parent: column }, knex.raw(`metadata->'study'->>'studyId' as study_id_value`))
      .modify((q) => {
        if (withJson) q.select('dicom_json');
      })
      .whereIn(column, ids)
      .orderBy([column, { column: 'instance_number', order: 'asc', nulls: 'last' }, 'sop_instance_uid']),
  );
  return new Map(
    rows.map((row) => [
      row.parent,
      { studyId: row.study_id_value, dicomJson: dicomJsonOf(cipher, row.dicom_json) as DicomJsonDataset | null },
    ]),
  );
}

/** QIDO-RS over the studies of `facilities` only (another facility's data matches nothing). */
export function createQidoSearch(db: Database, phi: PhiService, facilities: FacilityScope): QidoSearch {
  const { cipher, indexes } = phi;
  const knex: Knex = db.knex;

  return {
    async studies(query, baseUrl) {
      const k = knex;
      const q = k({ s: 'study' }).join({ p: 'patient' }, 'p.id', 's.patient_id').select(studyColumns);
      whereInScope(q, facilities, 's.facility_id');
      applyQidoStudyFilter(q, query.study, indexes);
      if (query.series.modality !== undefined) q.whereRaw('s.modalities @> ?::text[]', [[query.series.modality]]);
      q.where('s.number_of_instances', '>', 0)
        .orderByRaw('s.study_date desc nulls last, s.study_time desc nulls last, s.study_instance_uid asc')
        .limit(query.limit)
        .offset(query.offset);
      const rows = await runPrepared<StudyRow & { id: string }>(k, q);
      // Study ID is on the study row; an instance is read only when includefield asks for more.
      const reps = wantsExtra(query)
        ? await representatives(
            k,
            cipher,
            'study_id',
            rows.map((row) => row.id),
            true,
          )
        : undefined;
      return rows.map((row) =>
        studyResult(
          decryptStudyRow(cipher, row),
          { studyId: row.study_id, dicomJson: reps?.get(row.id)?.dicomJson ?? null },
          query.includeFields,
          baseUrl,
        ),
      );
    },

    async series(query, scope, baseUrl) {
      const k = knex;
      const q = k({ se: 'series' })
        .join({ s: 'study' }, 's.id', 'se.study_id')
        .join({ p: 'patient' }, 'p.id', 's.patient_id')
        .select('se.*', 's.study_instance_uid', 's.study_date', 's.study_time', 's.accession_number')
        .select({ study_description: 's.description' });
      if (scope.studyInstanceUid !== undefined) q.where('s.study_instance_uid', scope.studyInstanceUid);
      whereInScope(q, facilities, 's.facility_id');
      applyQidoStudyFilter(q, query.study, indexes);
      applySeriesFilter(q, query.series);
      q.where('se.number_of_instances', '>', 0)
        .orderByRaw('s.study_instance_uid asc, se.series_number asc nulls last, se.series_instance_uid asc')
        .limit(query.limit)
        .offset(query.offset);
      const rows = await runPrepared<SeriesResultRow>(k, q);
      const reps = wantsExtra(query)
        ? await representatives(
            k,
            cipher,
            'series_id',
            rows.map((row) => row.id),
            true,
          )
        : new Map();
      return rows.map((row) => seriesResult(row, reps.get(row.id)?.dicomJson ?? null, query.includeFields, baseUrl));
    },

    async instances(query, scope, baseUrl) {
      const k = knex;
      const q = k({ i: 'instance' })
        .join({ se: 'series' }, 'se.id', 'i.series_id')
        .join({ s: 'study' }, 's.id', 'i.study_id')
        .join({ p: 'patient' }, 'p.id', 's.patient_id')
        .select(
          'i.sop_instance_uid',
          'i.sop_class_uid',
          'i.instance_number',
          'i.rows',
          'i.columns',
          'i.bits_allocated',
          'i.number_of_frames',
          'i.transfer_syntax_uid',
          'se.series_instance_uid',
          'se.modality',
          'se.series_number',
          's.study_instance_uid',
        );
      if (wantsExtra(query)) q.select('i.dicom_json');
      if (scope.studyInstanceUid !== undefined) q.where('s.study_instance_uid', scope.studyInstanceUid);
      if (scope.seriesInstanceUid !== undefined) q.where('se.series_instance_uid', scope.seriesInstanceUid);
      whereInScope(q, facilities, 's.facility_id');
      applyQidoStudyFilter(q, query.study, indexes);
      applySeriesFilter(q, query.series);
      applyInstanceFilter(q, query.instance);
      q.orderByRaw(
        's.study_instance_uid asc, se.series_number asc nulls last, se.series_instance_uid asc, i.instance_number asc nulls last, i.sop_instance_uid asc',
      )
        .limit(query.limit)
        .offset(query.offset);
      const rows = await runPrepared<InstanceResultRow>(k, q);
      return rows.map((row) =>
        instanceResult(
          row.dicom_json === undefined
            ? row
            : { ...row, dicom_json: dicomJsonOf(cipher, row.dicom_json) as DicomJsonDataset | null },
          query.includeFields,
          baseUrl,
        ),
      );
    },
  };
}
