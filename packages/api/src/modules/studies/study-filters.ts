import { AppError } from '@lucent/shared';
import type { Knex } from '@mikro-orm/postgresql';
import type { PhiIndexes } from '../../security/phi/phi-indexes.js';

/** Search criteria shared by tRPC studies.search and QIDO-RS (already validated). */
export interface StudyFilter {
  /** Exact (blind index); no wildcards. */
  patientId?: string | undefined;
  /** Exact, or a prefix ending in `*` (blind indexes); case-insensitive. */
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

function unsupported(parameter: string): AppError {
  return new AppError('PHI_SEARCH_UNSUPPORTED', { details: { parameter } });
}

/** A query token, or PHI_SEARCH_UNSUPPORTED when the value normalizes to nothing (`^*`, `  `). */
function tokenOf(parameter: string, compute: () => string): string {
  try {
    return compute();
  } catch {
    throw unsupported(parameter);
  }
}

/**
 * Patient ID and Patient Name are stored encrypted: they match through blind indexes only (exact
 * Patient ID; Patient Name exact or a `SMI*` prefix). Other wildcards → 400 PHI_SEARCH_UNSUPPORTED.
 */
function applyPatientFilter(query: Knex.QueryBuilder, filter: StudyFilter, indexes: PhiIndexes): void {
  if (filter.patientId !== undefined) {
    if (hasWildcard(filter.patientId)) throw unsupported('patientId');
    const id = filter.patientId;
    query.where(
      'p.patient_id_index',
      tokenOf('patientId', () => indexes.patientIdToken(id)),
    );
  }
  const name = filter.patientName;
  if (name === undefined) return;
  const prefix = name.endsWith('*') ? name.slice(0, -1) : undefined;
  if (hasWildcard(prefix ?? name)) throw unsupported('patientName');
  if (prefix === undefined) {
    query.where(
      'p.patient_name_index',
      tokenOf('patientName', () => indexes.patientNameToken(name)),
    );
  } else {
    const token = tokenOf('patientName', () => indexes.patientNamePrefixToken(prefix));
    query.whereRaw('p.patient_name_prefixes @> ?::text[]', [[token]]);
  }
}

/** Apply the filter to a query over `study s join patient p`. */
export function applyStudyFilter(
  query: Knex.QueryBuilder,
  filter: StudyFilter,
  indexes: PhiIndexes,
): Knex.QueryBuilder {
  applyPatientFilter(query, filter, indexes);
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
