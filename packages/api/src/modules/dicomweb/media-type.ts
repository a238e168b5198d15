import { AppError } from '@lucent/shared';

/** A media type or an Accept media range, names lower-cased, parameter values unquoted. */
export interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

/** Split on `sep` outside double quotes. */
function splitOutsideQuotes(value: string, sep: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (char === sep && !quoted) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

export function parseMediaType(value: string): MediaRange {
  const [type = '', ...rest] = splitOutsideQuotes(value, ';').map((part) => part.trim());
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq <= 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    let raw = param.slice(eq + 1).trim();
    if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) raw = raw.slice(1, -1).replace(/\\(.)/g, '$1');
    params[name] = raw;
  }
  const q = params.q === undefined ? 1 : Number(params.q);
  delete params.q;
  return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 1 };
}

/** The Accept header's ranges, most preferred first (stable for equal q); none → `*\/*`. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return [{ type: '*/*', params: {}, q: 1 }];
  return splitOutsideQuotes(header, ',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseMediaType)
    .filter((range) => range.q > 0)
    .map((range, index) => ({ range, index }))
    .sort((a, b) => b.range.q - a.range.q || a.index - b.index)
    .map(({ range }) => range);
}

/** Whether a range (`*\/*`, `image/*`, `image/jpeg`) covers a concrete type. */
export function covers(range: string, type: string): boolean {
  if (range === '*/*' || range === type) return true;
  return range.endsWith('/*') && type.startsWith(range.slice(0, -1));
}

export function notAcceptable(wanted: string, offered: string[]): AppError {
  return new AppError('NOT_ACCEPTABLE', {
    message: `None of the accepted media types can be produced here (${offered.join(', ')})`,
    details: { accept: wanted.slice(0, 200), offered },
  });
}

/** 406 unless the Accept header allows one of `types` (e.g. application/dicom+json). */
export function requireAccept(header: string | undefined, types: string[]): string {
  for (const range of parseAccept(header)) {
    const found = types.find((type) => covers(range.type, type));
    if (found !== undefined) return found;
  }
  throw notAcceptable(header ?? '', types);
}
