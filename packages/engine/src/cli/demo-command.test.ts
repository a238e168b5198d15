import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '../decode/decode-frame.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import { parseArguments } from './parse-arguments.js';
import { runCli } from './run-cli.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lucent-demo-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function run(argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  return { code, stdout, stderr };
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(directory, join(e.parentPath, e.name)))
    .sort();
}

describe('lucent-engine demo', () => {
  const args = ['--slices', '2', '--syntaxes', 'explicit,htj2k', '--parts', 'ct,multiframe', '--seed', '5'];

  it('writes every generated file under --out, one JSON line each, files that parse and decode', async () => {
    const out = join(scratch, 'first');
    const result = await run(['demo', '--out', out, ...args]);
    expect(result.code).toBe(0);
    const written = await filesUnder(out);
    expect(written).toEqual([
      'ct-explicit/CT0001.dcm',
      'ct-explicit/CT0002.dcm',
      'ct-htj2k/CT0001.dcm',
      'ct-htj2k/CT0002.dcm',
      'multiframe-explicit/MF0001.dcm',
      'multiframe-rle/MF0001.dcm',
    ]);
    const lines = result.stdout.map((line) => JSON.parse(line) as { file: string; bytes: number });
    expect(lines.map((line) => relative(out, line.file)).sort()).toEqual(written);
    for (const line of lines) {
      const bytes = new Uint8Array(await readFile(line.file));
      expect(bytes.length).toBe(line.bytes);
      const parsed = parseDicom(bytes);
      expect((await decodeFrame(parsed, parsed.frames.length - 1)).pixels.length).toBeGreaterThan(0);
    }
  }, 120_000);

  it('writes the same bytes again for the same seed', async () => {
    const out = join(scratch, 'second');
    expect((await run(['demo', '--out', out, ...args])).code).toBe(0);
    for (const name of await filesUnder(out)) {
      const [a, b] = await Promise.all([readFile(join(scratch, 'first', name)), readFile(join(out, name))]);
      expect(a.equals(b), name).toBe(true);
    }
  }, 120_000);

  it('reads its options', () => {
    expect(parseArguments(['demo', '--out', 'd', '--slices', '8', '--syntaxes', 'j2k,RLE,j2k'])).toEqual({
      kind: 'demo',
      out: 'd',
      slices: 8,
      syntaxes: ['j2k', 'rle'],
      parts: undefined,
      seed: undefined,
    });
  });

  it('exits 1 on a usage error', async () => {
    for (const argv of [
      ['demo'],
      ['demo', '--out', 'd', '--syntaxes', 'jpeg'],
      ['demo', '--out', 'd', '--parts', 'pet'],
      ['demo', '--out', 'd', '--slices', '0'],
      ['demo', '--out', 'd', 'file.dcm'],
      ['demo', '--out', 'd', '--frame', '1'],
    ]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stderr.join('\n')).toMatch(/lucent-engine: /);
    }
  });
});
