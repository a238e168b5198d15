import { parseArgs } from 'node:util';
import { ImageFormat, parseWindowSpec, StudySearchInput } from '@lucent/shared';
import type { RenderedImageOptions } from '../image-urls.js';

export type Command =
  | { kind: 'help' }
  | {
      kind: 'upload';
      url: string | undefined;
      paths: string[];
      overwrite: boolean;
      concurrency: number;
      /** Files and MiB per request; undefined: the client's defaults. */
      batchFiles: number | undefined;
      batchMiB: number | undefined;
      json: boolean;
    }
  | { kind: 'studies'; url: string | undefined; search: StudySearchInput; json: boolean }
  | { kind: 'render'; url: string | undefined; sopInstanceUid: string; out: string; options: RenderedImageOptions }
  | { kind: 'login'; url: string | undefined; email: string | undefined; rememberMe: boolean; passwordStdin: boolean }
  | { kind: 'logout'; url: string | undefined }
  | { kind: 'keys'; url: string | undefined; action: 'rotate' | 'status'; json: boolean };

/** A command line that cannot be run: exit code 1 with this message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const OPTIONS = {
  url: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  // upload
  overwrite: { type: 'boolean' },
  concurrency: { type: 'string' },
  'batch-files': { type: 'string' },
  'batch-mb': { type: 'string' },
  // studies
  'patient-name': { type: 'string' },
  'patient-id': { type: 'string' },
  date: { type: 'string' },
  modality: { type: 'string' },
  accession: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  // render
  out: { type: 'string', short: 'o' },
  frame: { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
  window: { type: 'string' },
  format: { type: 'string' },
  quality: { type: 'string' },
  // login
  email: { type: 'string' },
  'remember-me': { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];
type Name = keyof Values;

function integer(values: Values, name: Name, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const text = values[name];
  if (typeof text !== 'string') return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

function only(values: Values, command: string, allowed: readonly Name[]): void {
  for (const name of Object.keys(values) as Name[]) {
    if (name !== 'help' && name !== 'url' && !allowed.includes(name)) {
      throw new UsageError(`--${name} is not an option of "${command}"`);
    }
  }
}

function uploadCommand(values: Values, args: string[]): Command {
  only(values, 'upload', ['overwrite', 'concurrency', 'batch-files', 'batch-mb', 'json']);
  if (args.length === 0) throw new UsageError('upload needs at least one file or directory');
  return {
    kind: 'upload',
    url: values.url,
    paths: args,
    overwrite: values.overwrite === true,
    concurrency: integer(values, 'concurrency', 1, 16) ?? 2,
    batchFiles: integer(values, 'batch-files', 1, 10_000),
    batchMiB: integer(values, 'batch-mb', 1, 4096),
    json: values.json === true,
  };
}

function studiesCommand(values: Values, args: string[]): Command {
  only(values, 'studies', ['patient-name', 'patient-id', 'date', 'modality', 'accession', 'limit', 'offset', 'json']);
  if (args.length > 0) throw new UsageError(`studies takes no arguments, got "${args[0]}"`);
  const limit = integer(values, 'limit', 1, 1000);
  const offset = integer(values, 'offset', 0);
  const search: StudySearchInput = {
    ...(values['patient-name'] === undefined ? {} : { patientName: values['patient-name'] }),
    ...(values['patient-id'] === undefined ? {} : { patientId: values['patient-id'] }),
    ...(values.date === undefined ? {} : { studyDate: values.date }),
    ...(values.modality === undefined ? {} : { modality: values.modality }),
    ...(values.accession === undefined ? {} : { accessionNumber: values.accession }),
    ...(limit === undefined ? {} : { limit }),
    ...(offset === undefined ? {} : { offset }),
  };
  const checked = StudySearchInput.safeParse(search);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UsageError(`invalid filter ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return { kind: 'studies', url: values.url, search, json: values.json === true };
}

function formatOf(values: Values, out: string): RenderedImageOptions['format'] {
  if (values.format !== undefined) {
    const format = ImageFormat.safeParse(values.format.toLowerCase());
    if (!format.success) throw new UsageError('--format must be one of jpeg, png, webp, avif');
    return format.data;
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(out)?.[1]?.toLowerCase();
  const fromExtension = ImageFormat.safeParse(extension === 'jpg' ? 'jpeg' : extension);
  return fromExtension.success ? fromExtension.data : undefined;
}

function renderCommand(values: Values, args: string[]): Command {
  only(values, 'render', ['out', 'frame', 'width', 'height', 'window', 'format', 'quality']);
  const [sopInstanceUid, ...extra] = args;
  if (sopInstanceUid === undefined || extra.length > 0)
    throw new UsageError('render takes exactly one SOP Instance UID');
  if (values.out === undefined || values.out === '') throw new UsageError('render needs --out FILE');
  const window = values.window === undefined ? undefined : parseWindowSpec(values.window);
  if (values.window !== undefined && window === undefined) {
    throw new UsageError('--window must be C,W or C,W,FN (FN: LINEAR, LINEAR_EXACT, SIGMOID)');
  }
  const frame = integer(values, 'frame', 1);
  const width = integer(values, 'width', 1, 16384);
  const height = integer(values, 'height', 1, 16384);
  const quality = integer(values, 'quality', 1, 100);
  const format = formatOf(values, values.out);
  const options: RenderedImageOptions = {
    ...(frame === undefined ? {} : { frame }),
    ...(width === undefined ? {} : { width }),
    ...(height === undefined ? {} : { height }),
    ...(window === undefined ? {} : { window }),
    ...(format === undefined ? {} : { format }),
    ...(quality === undefined ? {} : { quality }),
  };
  return { kind: 'render', url: values.url, sopInstanceUid, out: values.out, options };
}

function keysCommand(values: Values, args: string[]): Command {
  only(values, 'keys', ['json']);
  const [action, ...rest] = args;
  if ((action !== 'rotate' && action !== 'status') || rest.length > 0) {
    throw new UsageError('keys takes one action: rotate or status');
  }
  return { kind: 'keys', url: values.url, action, json: values.json === true };
}

/** Parse the command line (node:util parseArgs); throws UsageError. */
export function parseArguments(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (values.help === true || command === 'help') return { kind: 'help' };
  switch (command) {
    case undefined:
      throw new UsageError('a command is required: login, logout, upload, studies, render or keys');
    case 'upload':
      return uploadCommand(values, args);
    case 'studies':
      return studiesCommand(values, args);
    case 'render':
      return renderCommand(values, args);
    case 'login':
      only(values, 'login', ['email', 'remember-me', 'password-stdin']);
      if (args.length > 0) throw new UsageError(`login takes no arguments, got "${args[0]}"`);
      return {
        kind: 'login',
        url: values.url,
        email: values.email,
        rememberMe: values['remember-me'] === true,
        passwordStdin: values['password-stdin'] === true,
      };
    case 'logout':
      only(values, 'logout', []);
      return { kind: 'logout', url: values.url };
    case 'keys':
      return keysCommand(values, args);
    default:
      throw new UsageError(`unknown command "${command}": use login, logout, upload, studies, render or keys`);
  }
}
