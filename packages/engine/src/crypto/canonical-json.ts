import { hasLoneSurrogate, utf8Bytes } from './byte-encoding.js';
import { invalidInput } from './invalid-input.js';

/**
 * JSON Canonicalization Scheme (RFC 8785): object members sorted by the UTF-16 code units of
 * their names, no insignificant whitespace, numbers in ECMAScript `Number#toString` form (what
 * `JSON.stringify` emits), strings escaped as `JSON.stringify` does (only `"`, `\` and U+0000–U+001F).
 *
 * Input must be JSON data (I-JSON, RFC 7493): null, booleans, finite numbers, well-formed strings,
 * arrays and plain objects. Everything else throws VALIDATION_FAILED rather than being dropped or
 * coerced as `JSON.stringify` would, since silently losing data under a hash or signature is worse
 * than refusing: undefined (anywhere), NaN/±Infinity, bigint, functions, symbols, lone surrogates,
 * cycles, sparse arrays, Map/Set/typed arrays and other class instances. Objects with a `toJSON`
 * method (e.g. Date) are serialized as what `toJSON` returns, as in `JSON.stringify`.
 */
const MAX_DEPTH = 512;

type Path = readonly (string | number)[];

/** A JSON-path-like location for error messages; member names that look like data are masked. */
function where(path: Path): string {
  if (path.length === 0) return 'the top level';
  const steps = path.map((step) => {
    if (typeof step === 'number') return `[${step}]`;
    return /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(step) ? `.${step}` : '.*';
  });
  return `$${steps.join('')}`;
}

function serializeString(text: string, path: Path): string {
  if (hasLoneSurrogate(text)) throw invalidInput(`a string with a lone surrogate at ${where(path)}`);
  return JSON.stringify(text);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function serialize(value: unknown, path: (string | number)[], ancestors: Set<object>, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(serializeString(value, path));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw invalidInput(`a non-finite number at ${where(path)}`);
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) {
        out.push('null');
        return;
      }
      serializeContainer(value, path, ancestors, out);
      return;
    default:
      throw invalidInput(`a value of type ${typeof value} at ${where(path)}`);
  }
}

function serializeContainer(value: object, path: (string | number)[], ancestors: Set<object>, out: string[]): void {
  if (ancestors.has(value)) throw invalidInput(`a cycle at ${where(path)}`);
  if (ancestors.size >= MAX_DEPTH) throw invalidInput(`nesting deeper than ${MAX_DEPTH} at ${where(path)}`);
  const toJson: unknown = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') {
    let replaced: unknown;
    try {
      replaced = toJson.call(value, path.length === 0 ? '' : String(path[path.length - 1]));
    } catch (error) {
      throw invalidInput(`toJSON threw at ${where(path)}`, error);
    }
    if (replaced === value) throw invalidInput(`toJSON returned its own object at ${where(path)}`);
    ancestors.add(value);
    serialize(replaced, path, ancestors, out);
    ancestors.delete(value);
    return;
  }
  ancestors.add(value);
  if (Array.isArray(value)) serializeArray(value, path, ancestors, out);
  else if (isPlainObject(value)) serializeObject(value, path, ancestors, out);
  else throw invalidInput(`a non-plain object (${value.constructor?.name ?? 'unknown'}) at ${where(path)}`);
  ancestors.delete(value);
}

function serializeArray(value: unknown[], path: (string | number)[], ancestors: Set<object>, out: string[]): void {
  out.push('[');
  for (let index = 0; index < value.length; index++) {
    if (!(index in value)) throw invalidInput(`a hole in a sparse array at ${where([...path, index])}`);
    if (index > 0) out.push(',');
    path.push(index);
    serialize(value[index], path, ancestors, out);
    path.pop();
  }
  out.push(']');
}

function serializeObject(
  value: Record<string, unknown>,
  path: (string | number)[],
  ancestors: Set<object>,
  out: string[],
): void {
  // Default sort order compares UTF-16 code units, exactly what RFC 8785 §3.2.3 prescribes.
  const names = Object.keys(value).sort();
  out.push('{');
  names.forEach((name, index) => {
    path.push(name);
    if (index > 0) out.push(',');
    out.push(serializeString(name, path), ':');
    serialize(value[name], path, ancestors, out);
    path.pop();
  });
  out.push('}');
}

/** The RFC 8785 canonical JSON text of `value`. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  serialize(value, [], new Set(), out);
  return out.join('');
}

/** The UTF-8 bytes of `canonicalJson(value)`: what hashes and signatures are computed over. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return utf8Bytes(canonicalJson(value));
}
