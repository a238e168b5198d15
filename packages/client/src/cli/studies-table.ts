import type { StudySearchResult, StudySummary } from '@lucent/shared';

const COLUMNS: { title: string; value: (study: StudySummary) => string }[] = [
  { title: 'DATE', value: (study) => formatDate(study.studyDate) },
  { title: 'PATIENT', value: (study) => (study.patient.patientName ?? '').replaceAll('^', ' ').trim() },
  { title: 'PATIENT ID', value: (study) => study.patient.patientId ?? '' },
  { title: 'MODALITIES', value: (study) => study.modalities.join(',') },
  { title: 'SERIES', value: (study) => String(study.numberOfSeries) },
  { title: 'IMAGES', value: (study) => String(study.numberOfInstances) },
  { title: 'ACCESSION', value: (study) => study.accessionNumber ?? '' },
  { title: 'DESCRIPTION', value: (study) => study.description ?? '' },
  { title: 'STUDY INSTANCE UID', value: (study) => study.studyInstanceUid },
];

/** 20200131 → 2020-01-31; anything else as stored. */
function formatDate(date: string | null): string {
  if (date === null) return '';
  return /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}` : date;
}

/** A fixed-width text table of studies and a `N of TOTAL studies` footer. */
export function studiesTable(result: StudySearchResult): string {
  const rows = result.items.map((study) => COLUMNS.map((column) => column.value(study).replace(/\s+/g, ' ')));
  const widths = COLUMNS.map((column, index) =>
    Math.max(column.title.length, ...rows.map((row) => row[index]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  const first = result.items.length === 0 ? 0 : result.offset + 1;
  const footer = `${first === 0 ? 0 : `${first}–${result.offset + result.items.length}`} of ${result.total} studies`;
  return [line(COLUMNS.map((column) => column.title)), ...rows.map(line), footer].join('\n');
}
