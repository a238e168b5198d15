import { createHash } from 'node:crypto';

/** One identifier of a test patient, and where it comes from (a corpus file name, a fixture's name: never PHI). */
export interface PatientIdentifier {
  kind: 'patientName' | 'patientId' | 'birthDate';
  value: string;
  source: string;
}

/** What a finding reports instead of the identifier: its source, kind and a short hash of the value. */
export interface IdentifierMatcher {
  label: string;
  pattern: RegExp;
}

/*
 * Which identifiers are looked for, and in which forms (case-insensitive; never inside a longer
 * run of letters or digits, so `PLA` would not match `display` — it is skipped anyway, see below):
 * - A person name (PN), each `=` group on its own: its non-empty `^` components joined by any run
 *   of spaces, carets or commas, family name first (`DOE^JOHN`, `Doe John`, `DOE, JOHN`) and given
 *   name first (`John Doe`); the same for the family and given names alone when there are middle
 *   names, prefixes or suffixes. Skipped when the name has fewer than MIN_NAME_CHARACTERS letters
 *   and digits (`OB^^^^`, `PLA`: too short to mean anyone, too likely to occur by chance) or is a
 *   placeholder (`Anonymized`).
 * - The family name on its own too, when it has at least MIN_FAMILY_NAME_CHARACTERS letters and
 *   digits and is not a placeholder word (`Lastname`): a search for `CompressedSamples*` logged
 *   raw would be a leak.
 * - A patient ID of at least 4 characters mixing letters and digits (`1CT1`), or of at least 8
 *   characters (`021234567`). Shorter or purely numeric short IDs (`0010`, `204`, `99000`) are
 *   skipped: they occur in tags, sizes and durations.
 * - A birth date of the DICOM form `YYYYMMDD`, as written (`19500704`) and as ISO (`1950-07-04`),
 *   not inside a longer number (so epoch milliseconds never match).
 */
export const MIN_NAME_CHARACTERS = 6;
export const MIN_FAMILY_NAME_CHARACTERS = 8;
const PLACEHOLDER_WORDS = new Set([
  'anonymized',
  'anonymised',
  'anonymous',
  'unknown',
  'lastname',
  'firstname',
  'patient',
]);

const BEFORE = '(?<![\\p{L}\\p{N}])';
const AFTER = '(?![\\p{L}\\p{N}])';
const NAME_SEPARATOR = '[\\s^,]+';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const significant = (text: string) => text.replace(/[^\p{L}\p{N}]/gu, '').length;
const bounded = (alternatives: string[]) => new RegExp(`${BEFORE}(?:${alternatives.join('|')})${AFTER}`, 'iu');
/** A name component as a pattern: its inner spaces match any run of spaces. */
const componentPattern = (component: string) => component.split(/\s+/).map(escapeRegExp).join('\\s+');

function isPlaceholder(text: string): boolean {
  return PLACEHOLDER_WORDS.has(text.toLowerCase().replace(/[^\p{L}]/gu, ''));
}

/** The regular-expression alternatives of one PN value (empty when every group is skipped). */
export function personNameAlternatives(value: string): string[] {
  const alternatives = new Set<string>();
  for (const group of value.split('=')) {
    const components = group
      .split('^')
      .map((component) => component.trim())
      .filter((component) => component !== '');
    const [family, given] = components;
    if (family === undefined) continue;
    if (significant(components.join('')) < MIN_NAME_CHARACTERS || isPlaceholder(components.join(''))) continue;
    const orders = [components, [...components.slice(1), family]];
    if (given !== undefined && components.length > 2) orders.push([family, given], [given, family]);
    for (const order of orders) alternatives.add(order.map(componentPattern).join(NAME_SEPARATOR));
    if (significant(family) >= MIN_FAMILY_NAME_CHARACTERS && !isPlaceholder(family))
      alternatives.add(componentPattern(family));
  }
  return [...alternatives];
}

export function patientIdAlternatives(value: string): string[] {
  const id = value.trim();
  const mixed = /\p{L}/u.test(id) && /\p{N}/u.test(id);
  return (mixed && id.length >= 4) || id.length >= 8 ? [escapeRegExp(id)] : [];
}

export function birthDateAlternatives(value: string): string[] {
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  return date === null ? [] : [date[0], `${date[1]}-${date[2]}-${date[3]}`];
}

const alternativesOf: Record<PatientIdentifier['kind'], (value: string) => string[]> = {
  patientName: personNameAlternatives,
  patientId: patientIdAlternatives,
  birthDate: birthDateAlternatives,
};

/** A short hash naming an identifier in reports without showing it. */
export function identifierHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

/** One matcher per significant identifier (duplicates, e.g. one patient in many corpus files, once). */
export function identifierMatchers(identifiers: readonly PatientIdentifier[]): IdentifierMatcher[] {
  const matchers = new Map<string, IdentifierMatcher>();
  for (const identifier of identifiers) {
    const alternatives = alternativesOf[identifier.kind](identifier.value);
    const key = `${identifier.kind}\u0000${identifier.value.trim().toLowerCase()}`;
    if (alternatives.length === 0 || matchers.has(key)) continue;
    matchers.set(key, {
      label: `${identifier.kind} of ${identifier.source} (sha256 ${identifierHash(identifier.value)})`,
      pattern: bounded(alternatives),
    });
  }
  return [...matchers.values()];
}
