import { hasLoneSurrogate } from './byte-encoding.js';
import { invalidInput } from './invalid-input.js';

/**
 * How a value is normalized before blind indexing, so that equal-meaning spellings index alike:
 * - `exact`: NFKC, case-folded, trimmed, runs of whitespace (and control characters such as DICOM's
 *   NUL padding) collapsed to one space.
 * - `identifier`: as `exact`, then all whitespace removed (`AB 123` = `ab123`); other punctuation kept,
 *   since `12-3` and `1-23` may be different identifiers.
 * - `person-name`: a DICOM PN value. Each component group (`=`-separated: alphabetic, ideographic,
 *   phonetic) and each `^`-separated component is normalized as `exact` with punctuation removed
 *   (`O'Brien` = `obrien`, `Smith-Jones` = `smithjones`); empty trailing components and groups are
 *   dropped, so `Doe^Jane^^^` = `DOE^JANE`. Accents are kept: `Müller` and `Muller` differ.
 */
export type IndexKind = 'exact' | 'person-name' | 'identifier';

export const INDEX_KINDS: readonly IndexKind[] = ['exact', 'person-name', 'identifier'];

/** Longest input accepted (UTF-16 units); DICOM LO is 64 characters, PN 64 per component group. */
export const MAX_INDEX_INPUT = 1024;

/**
 * Unicode case folding on top of NFKC. `toUpperCase().toLowerCase()` applies the full mappings
 * (ß → ss, ﬀ → ff) and final sigma is folded to σ, as CaseFolding.txt does.
 */
function caseFold(text: string): string {
  return text.toUpperCase().toLowerCase().replace(/ς/g, 'σ').normalize('NFKC');
}

function collapseWhitespace(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
}

function normalizeExact(text: string): string {
  return collapseWhitespace(caseFold(text.normalize('NFKC')));
}

function dropTrailingEmpty(parts: string[]): string[] {
  let end = parts.length;
  while (end > 0 && parts[end - 1] === '') end--;
  return parts.slice(0, end);
}

function normalizePersonName(text: string): string {
  const folded = caseFold(text.normalize('NFKC'));
  const groups = folded.split('=').map((group) => {
    const components = group.split('^').map((component) => collapseWhitespace(component.replace(/\p{P}/gu, '')));
    return dropTrailingEmpty(components).join('^');
  });
  return dropTrailingEmpty(groups).join('=');
}

/** The normal form of `value` for blind indexing (see IndexKind). */
export function normalizeForIndex(value: string, kind: IndexKind): string {
  if (typeof value !== 'string' || hasLoneSurrogate(value))
    throw invalidInput('the value must be a well-formed string');
  if (value.length > MAX_INDEX_INPUT) throw invalidInput(`the value is longer than ${MAX_INDEX_INPUT} characters`);
  switch (kind) {
    case 'exact':
      return normalizeExact(value);
    case 'identifier':
      return normalizeExact(value).replace(/ /g, '');
    case 'person-name':
      return normalizePersonName(value);
    default:
      throw invalidInput(`unknown index kind; expected one of ${INDEX_KINDS.join(', ')}`);
  }
}
