import {
  AppError,
  type InstanceDetail,
  type StudyDetail,
  type StudySearch,
  StudySearchInput,
  type StudySearchResult,
  type StudySummary,
} from '@lucent/shared';
import type { Knex } from '@mikro-orm/postgresql';
import type { Database } from '../../db/open-database.js';
import { runPrepared } from '../../db/prepared-query.js';
import type { FacilityScope } from '../../security/auth-context.js';
import { whereInScope } from '../../security/facility-scope.js';
import { decryptMetadata } from '../../security/phi/phi-records.js';
import type { PhiService } from '../../security/phi/phi-service.js';
import { applyStudyFilter, type StudyFilter } from './study-filters.js';
import {
  decryptStudyRow,
  type InstanceRow,
  instanceSummaryOf,
  iso,
  type StudyRow,
  studyColumns,
  studySummaryOf,
} from './study-rows.js';

export interface StudiesService {
  /** Every method takes the caller's facility scope: another facility's studies do not exist (404). */
  search(input: StudySearchInput, scope: FacilityScope): Promise<StudySearchResult>;
  /** Studies matching a filter, for QIDO (no total). */
  find(filter: StudyFilter, page: { limit: number; offset: number }, scope: FacilityScope): Promise<StudySummary[]>;
  get(studyInstanceUid: string, scope: FacilityScope): Promise<StudyDetail>;
  instance(sopInstanceUid: string, scope: FacilityScope): Promise<InstanceDetail>;
}

interface SeriesRow {
  id: string;
  series_instance_uid: string;
  modality: string | null;
  series_number: number | null;
  description: string | null;
  body_part_examined: string | null;
  number_of_instances: number;
}

/** Patient names are encrypted: no order of them exists in the database (PHI_SEARCH_UNSUPPORTED). */
const sortColumns = {
  studyDate: 's.study_date',
  createdAt: 's.created_at',
  patientName: undefined,
  accessionNumber: 's.accession_number',
} as const;

export function createStudiesService(db: Database, phi: PhiService): StudiesService {
  const { cipher, indexes } = phi;
  const knex: Knex = db.knex;
  const base = (k: Knex, scope: FacilityScope) =>
    whereInScope(k({ s: 'study' }).join({ p: 'patient' }, 'p.id', 's.patient_id'), scope, 's.facility_id');

  async function find(
    filter: StudyFilter,
    page: { limit: number; offset: number },
    scope: FacilityScope,
    sort?: StudySearch['sort'],
  ) {
    const k = knex;
    const query = applyStudyFilter(base(k, scope).select(studyColumns), filter, indexes);
    if (sort !== undefined) {
      const column = sortColumns[sort.field];
      if (column === undefined) throw new AppError('PHI_SEARCH_UNSUPPORTED', { details: { parameter: 'sort' } });
      query.orderByRaw(`${column} ${sort.direction} nulls last`);
    }
    query.orderBy('s.study_instance_uid', 'asc').limit(page.limit).offset(page.offset);
    const rows = await runPrepared<StudyRow>(k, query);
    return rows.map((row) => studySummaryOf(decryptStudyRow(cipher, row)));
  }

  return {
    find,
    async search(raw, scope) {
      const input = StudySearchInput.parse(raw);
      const k = knex;
      // Built first: a filter the blind indexes cannot answer throws before any query starts.
      const count = applyStudyFilter(base(k, scope).count({ total: '*' }), input, indexes);
      const [items, countRows] = await Promise.all([
        find(input, input, scope, input.sort),
        runPrepared<{ total: string | number }>(k, count),
      ]);
      const total = Number(countRows[0]?.total ?? 0);
      return { total, limit: input.limit, offset: input.offset, items };
    },
    async get(studyInstanceUid, scope) {
      const k = knex;
      const studyRow: (StudyRow & { id: string }) | undefined = await base(k, scope)
        .select(studyColumns)
        .where('s.study_instance_uid', studyInstanceUid)
        .first();
      if (studyRow === undefined) throw new AppError('NOT_FOUND', { message: 'Study not found' });
      const [seriesRows, instanceRows] = await Promise.all([
        k('series').where('study_id', studyRow.id).orderByRaw('series_number asc nulls last, series_instance_uid asc'),
        k('instance').where('study_id', studyRow.id).orderByRaw('instance_number asc nulls last, sop_instance_uid asc'),
      ]);
      const bySeries = new Map<string, Array<InstanceRow & { series_id: string }>>();
      for (const row of instanceRows as Array<InstanceRow & { series_id: string }>) {
        const list = bySeries.get(row.series_id) ?? [];
        list.push(row);
        bySeries.set(row.series_id, list);
      }
      return {
        ...studySummaryOf(decryptStudyRow(cipher, studyRow)),
        series: (seriesRows as SeriesRow[]).map((row) => ({
          seriesInstanceUid: row.series_instance_uid,
          modality: row.modality,
          seriesNumber: row.series_number,
          description: row.description,
          bodyPartExamined: row.body_part_examined,
          numberOfInstances: row.number_of_instances,
          instances: (bySeries.get(row.id) ?? []).map(instanceSummaryOf),
        })),
      };
    },
    async instance(sopInstanceUid, scope) {
      const k = knex;
      const row = await k({ i: 'instance' })
        .join({ se: 'series' }, 'se.id', 'i.series_id')
        .join({ s: 'study' }, 's.id', 'i.study_id')
        .select('i.*', 'se.series_instance_uid', 's.study_instance_uid')
        .where('i.sop_instance_uid', sopInstanceUid)
        .modify((query) => whereInScope(query, scope, 's.facility_id'))
        .first();
      if (row === undefined) throw new AppError('NOT_FOUND', { message: 'Instance not found' });
      return {
        ...instanceSummaryOf(row),
        studyInstanceUid: row.study_instance_uid,
        seriesInstanceUid: row.series_instance_uid,
        sha256: row.sha256,
        bitsAllocated: row.bits_allocated,
        bitsStored: row.bits_stored,
        pixelRepresentation: row.pixel_representation,
        samplesPerPixel: row.samples_per_pixel,
        photometricInterpretation: row.photometric_interpretation,
        frames: row.frames,
        metadata: decryptMetadata(cipher, row.metadata),
        createdAt: iso(row.created_at),
      };
    },
  };
}
