import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StudySearchResult } from '@lucent/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CorpusEntry,
  corpusDir,
  corpusManifest,
  startTestServer,
  type TestServer,
} from '../testing/test-server.test-util.js';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const entry = fileURLToPath(new URL('./main.ts', import.meta.url));
/** Each run starts Node and tsx from source: generous on a busy machine. */
const SPAWN_TIMEOUT_MS = 120_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment of every run (the test server's admin token once it is up). */
let signedIn: Record<string, string> = {};

/** Run `lucent` from source in a child process (stdout/stderr are pipes, so no progress bar). */
function lucent(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=@lucent/source', entry, ...args],
      {
        cwd: repositoryRoot,
        env: { ...process.env, LUCENT_URL: '', ...signedIn, ...env },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const lines = (text: string) => text.trim().split('\n');

/** Distinct SOP Instance UIDs; laid out as a folder tree of symbolic links into the corpus. */
const TREE: Record<string, string> = {
  'CT_small.dcm': 'ct/CT_small.dcm',
  'CT1_UNC.explicit_little_endian.dcm': 'ct/slices/one.dcm',
  'MR_small.dcm': 'mr/MR_small.dcm',
  'examples_rgb_color.dcm': 'us/rgb',
  'JPEG2000.dcm': 'nm/JPEG2000.dcm',
};

describe('lucent CLI against a running server', { timeout: SPAWN_TIMEOUT_MS }, () => {
  let server: TestServer;
  let scratch: string;
  let tree: string;
  let manifest: Map<string, CorpusEntry>;

  beforeAll(async () => {
    [server, scratch, manifest] = await Promise.all([
      startTestServer(),
      mkdtemp(join(tmpdir(), 'lucent-client-cli-')),
      corpusManifest().then((entries) => new Map(entries.map((entry) => [entry.file, entry]))),
    ]);
    signedIn = { LUCENT_TOKEN: server.app.adminToken };
    tree = join(scratch, 'tree');
    for (const [file, path] of Object.entries(TREE)) {
      await mkdir(join(tree, path, '..'), { recursive: true });
      await symlink(join(corpusDir, file), join(tree, path));
    }
    // Not regular files: skipped, not uploaded.
    execFileSync('mkfifo', [join(tree, 'ct', 'a-fifo')]);
    await mkdir(join(tree, 'empty', 'deeper'), { recursive: true });
  });
  afterAll(async () => {
    await server?.close();
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  });

  /** Upload requests the server has answered so far (each is one `instances.ingest` audit row). */
  async function uploadRequests(): Promise<number> {
    await server.app.services.events.idle();
    await server.app.services.audit.flush();
    const search = { action: 'instances.ingest', limit: 1000, offset: 0, order: 'asc' } as const;
    return (await server.app.services.audit.search(search, { kind: 'all' })).items.length;
  }

  it('uploads a folder recursively in batches, one line per file and a summary, exit code 0', async () => {
    const before = await uploadRequests();
    const run = await lucent(['upload', tree, '--url', server.url, '--concurrency', '2', '--batch-files', '2']);
    // 5 files, 2 a request.
    expect(await uploadRequests()).toBe(before + 3);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const output = lines(run.stdout);
    const count = Object.keys(TREE).length;
    expect(output).toHaveLength(count + 1);
    expect(output.slice(0, -1).sort()).toEqual(
      Object.values(TREE)
        .map((path) => `stored      ${join(tree, path)}`)
        .sort(),
    );
    expect(output.at(-1)).toMatch(
      new RegExp(
        `^stored ${count} · duplicate 0 · overwritten 0 · failed 0 — ${count} files, [\\d.]+ (KB|MB) in [\\d.]+ s$`,
      ),
    );
    const stored = await server.app.services.studies.search({ limit: 100 }, { kind: 'all' });
    const studies = new Set(Object.keys(TREE).map((file) => manifest.get(file)?.studyInstanceUID));
    expect(new Set(stored.items.map((study) => study.studyInstanceUid))).toEqual(studies);
  });

  it('answers a second upload of the folder with duplicates (LUCENT_URL), as JSON when asked, in one request', async () => {
    const before = await uploadRequests();
    const run = await lucent(['upload', tree, '--json'], { LUCENT_URL: server.url });
    expect(await uploadRequests()).toBe(before + 1);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { stored: number; duplicates: number; failed: number; files: unknown[] };
    expect(summary).toMatchObject({ stored: 0, duplicates: Object.keys(TREE).length, failed: 0 });
    expect(summary.files).toHaveLength(Object.keys(TREE).length);
  });

  it('reports files that fail with their codes and exits 2', async () => {
    const bad = join(scratch, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'notes.txt'), 'a text file, not DICOM\n'.repeat(20));
    await symlink(join(corpusDir, 'MR_small_RLE.dcm'), join(bad, 'same-uid-other-bytes.dcm'));
    const missing = join(scratch, 'no-such-folder');
    const run = await lucent(['upload', bad, missing, '--url', server.url]);
    expect(run.code).toBe(2);
    const output = lines(run.stdout);
    expect(output).toContain(`failed      ${missing}  NOT_FOUND: cannot read the path (ENOENT)`);
    expect(output.find((line) => line.includes('notes.txt'))).toMatch(/^failed {6}.*notes\.txt {2}INVALID_DICOM: /);
    expect(output.find((line) => line.includes('same-uid'))).toMatch(/^failed .* {2}INSTANCE_CONFLICT: /);
    expect(output.at(-1)).toMatch(/^stored 0 · duplicate 0 · overwritten 0 · failed 3 — 3 files/);
  });

  it('lists studies as a table, filters them, and prints JSON', async () => {
    const table = await lucent(['studies', '--url', server.url]);
    expect(table.code).toBe(0);
    const rows = lines(table.stdout);
    expect(rows[0]).toMatch(
      /^DATE +PATIENT +PATIENT ID +MODALITIES +SERIES +IMAGES +ACCESSION +DESCRIPTION +STUDY INSTANCE UID$/,
    );
    const studies = new Set(Object.keys(TREE).map((file) => manifest.get(file)?.studyInstanceUID));
    expect(rows).toHaveLength(studies.size + 2);
    for (const uid of studies) expect(rows.filter((row) => row.endsWith(` ${uid}`))).toHaveLength(1);
    expect(rows.at(-1)).toBe(`1–${studies.size} of ${studies.size} studies`);

    const mr = await lucent(['studies', '--url', server.url, '--modality', 'MR', '--json']);
    expect(mr.code).toBe(0);
    const result = StudySearchResult.parse(JSON.parse(mr.stdout));
    expect(result.items.map((study) => study.studyInstanceUid)).toEqual([
      manifest.get('MR_small.dcm')?.studyInstanceUID,
    ]);

    const date = result.items[0]?.studyDate ?? '';
    const name = result.items[0]?.patient.patientName ?? '';
    const filtered = await lucent([
      'studies',
      '--url',
      server.url,
      '--date',
      `${date}-${date}`,
      '--patient-name',
      `${name.slice(0, 3)}*`,
      '--limit',
      '10',
      '--json',
    ]);
    const byDateAndName = StudySearchResult.parse(JSON.parse(filtered.stdout));
    expect(byDateAndName.items.map((study) => study.studyInstanceUid)).toContain(
      manifest.get('MR_small.dcm')?.studyInstanceUID,
    );
    for (const study of byDateAndName.items) expect(study.studyDate).toBe(date);
    expect(byDateAndName.limit).toBe(10);
  });

  it('renders an instance to a JPEG of the requested size', async () => {
    const ct = manifest.get('CT1_UNC.explicit_little_endian.dcm');
    const out = join(scratch, 'ct.jpg');
    const run = await lucent([
      'render',
      ct?.sopInstanceUID ?? '',
      '--url',
      server.url,
      '--out',
      out,
      '--width',
      '256',
      '--window',
      '40,400',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*ct\.jpg \(image\/jpeg, [\d.]+ KB\)\n$/);
    const bytes = await readFile(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const metadata = await sharp(bytes).metadata();
    expect(metadata).toMatchObject({ format: 'jpeg', width: 256, height: 256 });
  });

  it('answers an unknown instance, a malformed UID and an unreachable server with a code and exit 2', async () => {
    const out = join(scratch, 'never.jpg');
    const unknown = await lucent(['render', '1.2.3.4.5.6.7.8.9', '--url', server.url, '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^lucent: NOT_FOUND: /);
    const malformed = await lucent(['render', '1.02.3', '--url', server.url, '--out', out]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^lucent: INVALID_UID: /);
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' });
    const offline = await lucent(['studies', '--url', 'http://127.0.0.1:9']);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toMatch(
      /^lucent: SERVICE_UNAVAILABLE: Could not reach the Lucent server at http:\/\/127\.0\.0\.1:9/,
    );
  });

  it('exits 1 with a hint on a usage error', async () => {
    const run = await lucent(['render', '1.2.3']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('lucent: render needs --out FILE\nRun "lucent --help" for usage.\n');
  });
});
