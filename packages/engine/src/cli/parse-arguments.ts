import { parseArgs } from 'node:util';
import { ImageFormat, parseWindowSpec, type RenderOptionsInput } from '@lucent/shared';
import { parseDemoSyntaxes } from '../synth/demo-syntax.js';
import { type DemoPart, demoParts } from '../synth/generate-demo-studies.js';
import type { DemoCommandOptions } from './demo-command.js';

export type Command =
  | { kind: 'help' }
  | { kind: 'info'; files: string[]; threads: number | undefined }
  | { kind: 'decode'; files: string[]; frame: number; threads: number | undefined }
  | { kind: 'render'; file: string; out: string; options: RenderOptionsInput; threads: number | undefined }
  | ({ kind: 'demo' } & DemoCommandOptions);

/** A command line that cannot be run: exit code 1 with this message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const OPTIONS = {
  frame: { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
  window: { type: 'string' },
  format: { type: 'string' },
  quality: { type: 'string' },
  out: { type: 'string', short: 'o' },
  threads: { type: 'string' },
  slices: { type: 'string' },
  syntaxes: { type: 'string' },
  parts: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function integer(
  values: Values,
  name: 'frame' | 'width' | 'height' | 'quality' | 'threads' | 'slices' | 'seed',
  min: number,
) {
  const text = values[name];
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${text}"`);
  }
  return Number(text);
}

function only(values: Values, command: string, allowed: readonly (keyof Values)[]): void {
  for (const name of Object.keys(values) as (keyof Values)[]) {
    if (name !== 'help' && name !== 'threads' && !allowed.includes(name)) {
      throw new UsageError(`--${name} is not an option of "${command}"`);
    }
  }
}

function formatOf(values: Values, out: string): RenderOptionsInput['format'] {
  if (values.format !== undefined) {
    const format = ImageFormat.safeParse(values.format.toLowerCase());
    if (!format.success) throw new UsageError(`--format must be one of jpeg, png, webp, avif`);
    return format.data;
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(out)?.[1]?.toLowerCase();
  const fromExtension = ImageFormat.safeParse(extension === 'jpg' ? 'jpeg' : extension);
  return fromExtension.success ? fromExtension.data : 'jpeg';
}

function renderCommand(values: Values, files: string[], threads: number | undefined): Command {
  only(values, 'render', ['frame', 'width', 'height', 'window', 'format', 'quality', 'out']);
  const [file, ...extra] = files;
  if (file === undefined || extra.length > 0) throw new UsageError('render takes exactly one FILE');
  if (values.out === undefined || values.out === '') throw new UsageError('render needs --out PATH');
  const window = values.window === undefined ? undefined : parseWindowSpec(values.window);
  if (values.window !== undefined && window === undefined) {
    throw new UsageError(`--window must be C,W or C,W,FN (FN: LINEAR, LINEAR_EXACT, SIGMOID)`);
  }
  const frame = integer(values, 'frame', 0);
  const width = integer(values, 'width', 1);
  const height = integer(values, 'height', 1);
  const quality = integer(values, 'quality', 1);
  const options: RenderOptionsInput = {
    format: formatOf(values, values.out),
    ...(frame === undefined ? {} : { frame }),
    ...(width === undefined ? {} : { width }),
    ...(height === undefined ? {} : { height }),
    ...(quality === undefined ? {} : { quality }),
    ...(window === undefined ? {} : { window }),
  };
  return { kind: 'render', file, out: values.out, options, threads };
}

function partsOf(text: string | undefined): DemoPart[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((part) => part.trim().toLowerCase());
  if (!parts.every((part) => (demoParts as readonly string[]).includes(part))) {
    throw new UsageError(`--parts must be a comma-separated list of ${demoParts.join(', ')}`);
  }
  return [...new Set(parts as DemoPart[])];
}

function demoCommand(values: Values, files: string[]): Command {
  only(values, 'demo', ['out', 'slices', 'syntaxes', 'parts', 'seed']);
  if (files.length > 0) throw new UsageError('demo takes no FILE (use --out DIR)');
  if (values.out === undefined || values.out === '') throw new UsageError('demo needs --out DIR');
  const syntaxes = values.syntaxes === undefined ? undefined : parseDemoSyntaxes(values.syntaxes);
  if (values.syntaxes !== undefined && syntaxes === undefined) {
    throw new UsageError('--syntaxes must be a comma-separated list of explicit, rle, jpegls, j2k, htj2k, j2k-lossy');
  }
  const slices = integer(values, 'slices', 1);
  if (slices !== undefined && slices > 2000) throw new UsageError('--slices must be at most 2000');
  const seed = integer(values, 'seed', 0);
  if (seed !== undefined && seed > 0xffffffff) throw new UsageError('--seed must be below 2^32');
  return { kind: 'demo', out: values.out, slices, syntaxes, parts: partsOf(values.parts), seed };
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
  const [command, ...files] = positionals;
  if (values.help === true || command === 'help') return { kind: 'help' };
  if (command === undefined) throw new UsageError('a command is required: info, decode, render or demo');
  const threads = integer(values, 'threads', 1);
  switch (command) {
    case 'info':
      only(values, 'info', []);
      if (files.length === 0) throw new UsageError('info needs at least one FILE');
      return { kind: 'info', files, threads };
    case 'decode':
      only(values, 'decode', ['frame']);
      if (files.length === 0) throw new UsageError('decode needs at least one FILE');
      return { kind: 'decode', files, frame: integer(values, 'frame', 0) ?? 0, threads };
    case 'render':
      return renderCommand(values, files, threads);
    case 'demo':
      return demoCommand(values, files);
    default:
      throw new UsageError(`unknown command "${command}": use info, decode, render or demo`);
  }
}
