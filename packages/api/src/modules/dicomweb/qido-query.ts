import { AppError, isDicomUid } from '@lucent/shared';
import type { StudyFilter } from '../studies/study-filters.js';
import { Tag, tagOf } from './dicom-attributes.js';

export interface SeriesFilter {
  modality?: string;
  seriesInstanceUids?: string[];
  seriesNumber?: number;
  seriesDescription?: string;
}

export interface InstanceFilter {
  sopInstanceUids?: string[];
  sopClassUids?: string[];
  instanceNumber?: number;
}

/** A QIDO-RS query, validated (PS3.18 8.3.4). */
export interface QidoQuery {
  study: StudyFilter & { modalities?: string[]; studyDescription?: string };
  series: SeriesFilter;
  instance: InstanceFilter;
  limit: number;
  offset: number;
  /** Extra attributes to return: tags, or every attribute of the level. */
  includeFields: Set<string> | 'all';
  /** Matching keys we recognise but do not match on (reported in a Warning header). */
  ignored: string[];
  fuzzyMatching: boolean;
}

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;

const DATE = /^(\d{8})?(-(\d{8})?)?$/;

function invalid(parameter: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { message, details: { parameter } });
}

function uidList(values: string[], parameter: string): string[] {
  const uids = values
    .flatMap((value) => value.split(/[,\\]/))
    .map((value) => value.trim())
    .filter((v) => v !== '');
  for (const uid of uids) {
    if (!isDicomUid(uid)) {
      throw new AppError('INVALID_UID', {
        message: `The ${parameter} is not a valid DICOM UID`,
        details: { parameter },
      });
    }
  }
  return uids;
}

function integer(value: string, parameter: string, min: number, max: number): number {
  const parsed = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw invalid(parameter, `${parameter} must be an integer from ${min} to ${max}`);
  }
  return parsed;
}

function dateRange(value: string, parameter: string): string {
  const match = DATE.exec(value.trim());
  if (match === null || (match[1] === undefined && match[3] === undefined)) {
    throw invalid(parameter, `${parameter} must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD`);
  }
  if (match[1] !== undefined && match[3] !== undefined && match[1] > match[3]) {
    throw invalid(parameter, `${parameter} is a range that ends before it starts`);
  }
  return value.trim();
}

type Setter = (query: QidoQuery, values: string[], parameter: string) => void;

const last = (values: string[]) => values[values.length - 1] ?? '';
const nonEmpty = (value: string) => (value.trim() === '' || value.trim() === '*' ? undefined : value.trim());

/** Matching keys, by tag. */
const matchers: Record<string, Setter> = {
  [Tag.PatientID]: (q, v) => assign(q.study, 'patientId', nonEmpty(last(v))),
  [Tag.PatientName]: (q, v) => assign(q.study, 'patientName', nonEmpty(last(v))),
  [Tag.StudyDate]: (q, v, p) => assign(q.study, 'studyDate', nonEmpty(last(v)) && dateRange(last(v), p)),
  [Tag.AccessionNumber]: (q, v) => assign(q.study, 'accessionNumber', nonEmpty(last(v))),
  [Tag.StudyDescription]: (q, v) => assign(q.study, 'studyDescription', nonEmpty(last(v))),
  [Tag.ModalitiesInStudy]: (q, v) => {
    const list = v
      .flatMap((value) => value.split(/[,\\]/))
      .map((m) => m.trim().toUpperCase())
      .filter((m) => m !== '');
    if (list.length > 0) q.study.modalities = list;
  },
  [Tag.StudyInstanceUID]: (q, v, p) => {
    q.study.studyInstanceUids = [...(q.study.studyInstanceUids ?? []), ...uidList(v, p)];
  },
  [Tag.Modality]: (q, v) => assign(q.series, 'modality', nonEmpty(last(v))?.toUpperCase()),
  [Tag.SeriesInstanceUID]: (q, v, p) => {
    q.series.seriesInstanceUids = uidList(v, p);
  },
  [Tag.SeriesNumber]: (q, v, p) => assign(q.series, 'seriesNumber', integer(last(v), p, 0, 2 ** 31 - 1)),
  [Tag.SeriesDescription]: (q, v) => assign(q.series, 'seriesDescription', nonEmpty(last(v))),
  [Tag.SOPInstanceUID]: (q, v, p) => {
    q.instance.sopInstanceUids = uidList(v, p);
  },
  [Tag.SOPClassUID]: (q, v, p) => {
    q.instance.sopClassUids = uidList(v, p);
  },
  [Tag.InstanceNumber]: (q, v, p) => assign(q.instance, 'instanceNumber', integer(last(v), p, 0, 2 ** 31 - 1)),
};

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** Parse the query string of a QIDO-RS request. Bad values → 400 VALIDATION_FAILED / INVALID_UID. */
export async function parseQidoQuery(params: URLSearchParams): Promise<QidoQuery> {
  const query: QidoQuery = {
    study: {},
    series: {},
    instance: {},
    limit: DEFAULT_LIMIT,
    offset: 0,
    includeFields: new Set(),
    ignored: [],
    fuzzyMatching: false,
  };
  const names = [...new Set(params.keys())];
  for (const name of names) {
    const values = params.getAll(name);
    switch (name.toLowerCase()) {
      case 'limit':
        query.limit = integer(last(values), name, 1, MAX_LIMIT);
        continue;
      case 'offset':
        query.offset = integer(last(values), name, 0, 2 ** 31 - 1);
        continue;
      case 'fuzzymatching': {
        const value = last(values).toLowerCase();
        if (value !== 'true' && value !== 'false') throw invalid(name, 'fuzzymatching must be true or false');
        query.fuzzyMatching = value === 'true';
        continue;
      }
      case 'includefield':
        await addIncludeFields(query, values);
        continue;
      case 'emptyvaluematching':
      case 'multiplevaluematching':
        continue;
    }
    const tag = await tagOf(name);
    if (tag === undefined) {
      // Another DICOM keyword or a sequence path (a.b): not a matching key here, reported in a Warning.
      if (/^([0-9A-Fa-f]{8}|[A-Za-z][A-Za-z0-9]*)(\.([0-9A-Fa-f]{8}|[A-Za-z][A-Za-z0-9]*))*$/.test(name)) {
        query.ignored.push(name);
        continue;
      }
      throw invalid(name, `Unknown query parameter ${name.slice(0, 64)}`);
    }
    const matcher = matchers[tag];
    if (matcher === undefined) query.ignored.push(tag);
    else matcher(query, values, name);
  }
  return query;
}

async function addIncludeFields(query: QidoQuery, values: string[]): Promise<void> {
  for (const field of values.flatMap((value) => value.split(',')).map((value) => value.trim())) {
    if (field === '') continue;
    if (field.toLowerCase() === 'all') {
      query.includeFields = 'all';
      continue;
    }
    const tag = await tagOf(field);
    if (tag === undefined)
      throw invalid('includefield', `includefield names an unknown attribute ${field.slice(0, 64)}`);
    if (query.includeFields !== 'all') query.includeFields.add(tag);
  }
}
