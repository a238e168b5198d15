import type { Knex } from '@mikro-orm/postgresql';

/** Search criteria shared by tRPC studies.search and QIDO-RS (already validated). */
export interface StudyFilter {
  patientId?: string | undefined;
  /** `*` and `?` wildcards, case-insensitive. */
  patientName?: string | undefined;
  /** YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD. */
  studyDate?: string | undefined;
  accessionNumber?: string | undefined;
  modality?: string | undefined;
  studyInstanceUid?: string | undefined;
  /** QIDO may list several UIDs. */
  studyInstanceUids?: string[] | undefined;
}

/** A DICOM wildcard pattern (`*`, `?`) as an SQL LIKE pattern with `\` as the escape. */
export function likePattern(wildcard: string): string {
  return wildcard
    .replace(/[\\%_]/g, (char) => `\\${char}`)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}

export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/** The date range's bounds (inclusive); undefined where open. */
export function dateBounds(range: string): { from?: string; to?: string } {
  const [from, to] = range.includes('-') ? range.split('-') : [range, range];
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Apply the filter to a query over `study s join patient p`. */
export function applyStudyFilter(query: Knex.QueryBuilder, filter: StudyFilter): Knex.QueryBuilder {
  if (filter.patientId !== undefined) {
    if (hasWildcard(filter.patientId))
      query.whereRaw(`p.patient_id like ? escape '\\'`, [likePattern(filter.patientId)]);
    else query.where('p.patient_id', filter.patientId);
  }
  if (filter.patientName !== undefined) {
    query.whereRaw(`lower(p.patient_name) like lower(?) escape '\\'`, [likePattern(filter.patientName)]);
  }
  if (filter.studyDate !== undefined) {
    const { from, to } = dateBounds(filter.studyDate);
    if (from !== undefined) query.where('s.study_date', '>=', from);
    if (to !== undefined) query.where('s.study_date', '<=', to);
  }
  if (filter.accessionNumber !== undefined) {
    if (hasWildcard(filter.accessionNumber)) {
      query.whereRaw(`s.accession_number like ? escape '\\'`, [likePattern(filter.accessionNumber)]);
    } else query.where('s.accession_number', filter.accessionNumber);
  }
  if (filter.modality !== undefined) query.whereRaw('s.modalities @> ?::text[]', [[filter.modality]]);
  if (filter.studyInstanceUid !== undefined) query.where('s.study_instance_uid', filter.studyInstanceUid);
  if (filter.studyInstanceUids !== undefined) query.whereIn('s.study_instance_uid', filter.studyInstanceUids);
  return query;
}
