import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** The native OpenJPEG command-line decoder, when installed (Debian: libopenjp2-tools). */
export interface OpjPeer {
  executable: string;
  /** The openjp2 library version it reports, e.g. "2.5.0". */
  version: string;
}

/** Native decode time of one codestream, start-up cost excluded. */
export interface PeerTiming {
  copies: number;
  msPerImage: number;
  /** `reported`: opj_decompress's own per-image decode time; `wall`: wall-time difference of two runs. */
  source: 'reported' | 'wall';
  wallMs: number;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  missing: boolean;
}

function run(executable: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(executable, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout: String(stdout), stderr: String(stderr), missing: error?.code === 'ENOENT' });
    });
  });
}

/** Find `opj_decompress` on the PATH; undefined when it is not installed or does not run. */
export async function findOpjDecompress(executable = 'opj_decompress'): Promise<OpjPeer | undefined> {
  const result = await run(executable, ['-h'], 10_000);
  if (result.missing) return undefined;
  const version = /openjp2 library v(\S+?)\.?\s/.exec(`${result.stdout}${result.stderr}`)?.[1];
  return version === undefined ? undefined : { executable, version };
}

/** The average decode time opj_decompress prints after a directory run ("decode time: 24 ms"). */
export function parseReportedDecodeTime(output: string): number | undefined {
  const match = /decode time:\s*([\d.]+)\s*ms/.exec(output);
  return match === null ? undefined : Number(match[1]);
}

/** opj_decompress picks the parser by file extension: a JP2 file (signature box) or a raw codestream. */
export function codestreamExtension(bytes: Uint8Array): '.jp2' | '.j2k' {
  const jp2 = bytes.length >= 12 && bytes[4] === 0x6a && bytes[5] === 0x50 && bytes[6] === 0x20 && bytes[7] === 0x20;
  return jp2 ? '.jp2' : '.j2k';
}

interface DirectoryRun {
  wallMs: number;
  reportedMs: number | undefined;
}

/** Decode `copies` copies in one `-ImgDir` invocation (raw output beside the inputs). */
async function decodeDirectory(peer: OpjPeer, codestream: Uint8Array, copies: number): Promise<DirectoryRun> {
  const directory = await mkdtemp(join(tmpdir(), 'lucent-bench-opj-'));
  const extension = codestreamExtension(codestream);
  try {
    await Promise.all(
      Array.from({ length: copies }, (_, i) =>
        writeFile(join(directory, `copy-${String(i).padStart(4, '0')}${extension}`), codestream),
      ),
    );
    const start = performance.now();
    const result = await run(peer.executable, ['-ImgDir', directory, '-OutFor', 'RAW'], 600_000);
    const wallMs = performance.now() - start;
    const decoded = (await readdir(directory)).filter((name) => name.endsWith('.raw')).length;
    if (result.code !== 0 || decoded !== copies) {
      const reason = result.stderr.trim().split('\n').slice(-1)[0] ?? '';
      throw new Error(`opj_decompress decoded ${decoded} of ${copies} copies (exit ${result.code}) ${reason}`.trim());
    }
    return { wallMs, reportedMs: parseReportedDecodeTime(result.stdout) };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Below this, the whole milliseconds opj_decompress reports are too coarse: use wall time instead. */
const coarseReportMs = 20;

/**
 * Native decode time per image with process start-up removed, single-threaded (opj_decompress's
 * default). Decodes `copies` (≥ 2) copies in one invocation and uses the average decode time the
 * tool reports (file read + decode, whole ms); when that is under 20 ms or missing, uses the wall
 * time difference between that run and a one-copy run ÷ (copies − 1) instead (includes writing
 * the raw output). Throws when the tool fails or does not decode every copy.
 */
export async function timeOpjDecompress(peer: OpjPeer, codestream: Uint8Array, copies: number): Promise<PeerTiming> {
  const count = Math.max(2, Math.floor(copies));
  const many = await decodeDirectory(peer, codestream, count);
  if (many.reportedMs !== undefined && many.reportedMs >= coarseReportMs) {
    return { copies: count, msPerImage: many.reportedMs, source: 'reported', wallMs: many.wallMs };
  }
  const one = await decodeDirectory(peer, codestream, 1);
  const msPerImage = Math.max(0, many.wallMs - one.wallMs) / (count - 1);
  return { copies: count, msPerImage, source: 'wall', wallMs: many.wallMs };
}
