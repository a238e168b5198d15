import type { AuditEntry } from '@lucent/shared';

/** The export's columns, in order. */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'occurredAt',
  'userId',
  'username',
  'facilityId',
  'action',
  'resourceType',
  'resourceId',
  'outcome',
  'ip',
  'userAgent',
  'requestId',
  'details',
  'prevHash',
  'hash',
] as const satisfies ReadonlyArray<keyof AuditEntry>;

/** Cells a spreadsheet would run as a formula (CSV injection): prefixed with an apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled); text that a
 * spreadsheet would evaluate is neutralized with a leading apostrophe.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvHeader = (): string => `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;

export function csvLine(entry: AuditEntry): string {
  return `${AUDIT_CSV_COLUMNS.map((column) => csvField(entry[column])).join(',')}\r\n`;
}
