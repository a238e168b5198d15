import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DecodeSummary } from '@lucent/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { corpusDirectory, loadManifest } from '../decode/corpus.test-util.js';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const entry = fileURLToPath(new URL('./main.ts', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI from source in a child process, as `lucent-engine` would be run. */
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=@lucent/source', entry, ...args],
      { cwd: repositoryRoot, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function lines(stdout: string): unknown[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

const corpus = (name: string) => join(corpusDirectory, name);
const CT = corpus('CT1_UNC.explicit_little_endian.dcm');
const RLE = corpus('CT0012.not_fragmented_bot_rle.dcm');

/** Each run starts Node, tsx and worker threads from source: generous on a busy machine. */
const SPAWN_TIMEOUT_MS = 120_000;

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lucent-cli-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe.concurrent('lucent-engine decode', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('prints one valid line per file in input order, error lines for bad files, exit code 2', async ({ expect }) => {
    const notDicom = join(scratch, 'notes.txt');
    await writeFile(notDicom, 'plain text, not a DICOM instance\n'.repeat(20));
    const missing = join(scratch, 'missing.dcm');
    const run = await cli('decode', CT, missing, notDicom, RLE);
    expect(run.code).toBe(2);
    const output = lines(run.stdout);
    expect(output).toHaveLength(4);
    for (const line of output) expect(DecodeSummary.safeParse(line).success).toBe(true);
    const manifest = loadManifest();
    const frame0 = (file: string) => manifest.find((candidate) => candidate.file === file)?.frame0;
    expect(output[0]).toMatchObject({
      file: CT,
      frame: 0,
      frames: 1,
      rows: 512,
      columns: 512,
      sha256: frame0('CT1_UNC.explicit_little_endian.dcm')?.sha256,
    });
    expect(Object.keys(output[0] as object)[0]).toBe('file');
    expect(output[1]).toEqual({ file: missing, error: 'NOT_FOUND', message: 'No such file' });
    expect(output[2]).toMatchObject({ file: notDicom, error: 'INVALID_DICOM' });
    expect(output[3]).toMatchObject({
      file: RLE,
      frames: 2,
      sha256: frame0('CT0012.not_fragmented_bot_rle.dcm')?.sha256,
    });
  });

  it('decodes the frame asked for and exits 0 when every file succeeds', async ({ expect }) => {
    const run = await cli('decode', '--frame', '1', RLE);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([expect.objectContaining({ file: RLE, frame: 1, frames: 2 })]);
  });

  it('reports a frame that does not exist as FRAME_OUT_OF_RANGE', async ({ expect }) => {
    const run = await cli('decode', '--frame', '5', CT);
    expect(run.code).toBe(2);
    expect(lines(run.stdout)).toEqual([expect.objectContaining({ file: CT, error: 'FRAME_OUT_OF_RANGE' })]);
  });
});

describe.concurrent('lucent-engine info', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('prints the metadata of each file', async ({ expect }) => {
    const run = await cli('info', CT, RLE);
    expect(run.code).toBe(0);
    const [ct, rle] = lines(run.stdout);
    expect(ct).toMatchObject({ file: CT, image: { rows: 512, columns: 512 } });
    expect(rle).toMatchObject({ file: RLE, image: { numberOfFrames: 2 } });
  });
});

describe.concurrent('lucent-engine render', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('writes a decodable PNG of the requested size, leaving no temporary file', async ({ expect }) => {
    const out = join(scratch, 'ct.png');
    const run = await cli('render', CT, '--width', '64', '--window', '40,400', '--out', out);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      expect.objectContaining({ file: CT, out, format: 'png', width: 64, height: 64 }),
    ]);
    const metadata = await sharp(await readFile(out)).metadata();
    expect(metadata).toMatchObject({ format: 'png', width: 64, height: 64 });
    expect((await readdir(scratch)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes a JPEG fitted inside width × height', async ({ expect }) => {
    const out = join(scratch, 'ct.image');
    const run = await cli(
      'render',
      CT,
      '--width',
      '100',
      '--height',
      '50',
      '--format',
      'jpeg',
      '--quality',
      '70',
      '--out',
      out,
    );
    expect(run.code).toBe(0);
    expect(await sharp(await readFile(out)).metadata()).toMatchObject({ format: 'jpeg', width: 50, height: 50 });
  });

  it('prints an error line and exits 2 when the input is missing', async ({ expect }) => {
    const out = join(scratch, 'never.png');
    const run = await cli('render', join(scratch, 'absent.dcm'), '--out', out);
    expect(run.code).toBe(2);
    expect(lines(run.stdout)).toEqual([expect.objectContaining({ error: 'NOT_FOUND' })]);
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe.concurrent('lucent-engine usage', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('exits 1 with a message on stderr for a usage error', async ({ expect }) => {
    const run = await cli('decode', '--frame', 'x', CT);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--frame must be an integer/);
  });

  it('prints help with the exit codes', async ({ expect }) => {
    const run = await cli('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: lucent-engine/);
    expect(run.stdout).toMatch(/1 for a usage error/);
  });
});
