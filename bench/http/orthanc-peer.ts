import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOrthanc, type OrthancInstallation, orthancConfig } from './orthanc-config.js';
import { freePort, type ServerProcess, spawnServer } from './server-process.js';
import { type UploadOutcome, uploadFiles } from './upload.js';

/** Orthanc's answer to `POST /instances`. */
interface OrthancStored {
  ID: string;
  Status: string;
}

/** A private Orthanc the bench started: its origin, and how to reach each instance. */
export interface OrthancPeer {
  readonly installation: OrthancInstallation;
  readonly origin: string;
  /** The server's process id (for CPU accounting). */
  readonly pid: number | undefined;
  /** SOP Instance UID → Orthanc instance id, for every instance uploaded so far. */
  readonly instanceIds: Map<string, string>;
  /** Upload files (`POST /instances`) and record their Orthanc ids. */
  upload(
    files: readonly { sopInstanceUid: string; bytes: Uint8Array }[],
    concurrency: number,
  ): Promise<UploadOutcome<OrthancStored>>;
  stop(): Promise<void>;
}

/**
 * Start Orthanc with a generated configuration in a temporary directory (removed on stop), or
 * return why the peer is unavailable.
 */
export async function startOrthancPeer(): Promise<OrthancPeer | { unavailable: string }> {
  const installation = await findOrthanc();
  if ('unavailable' in installation) return installation;
  const directory = await mkdtemp(join(tmpdir(), 'lucent-bench-orthanc-'));
  const httpPort = await freePort();
  const configPath = join(directory, 'orthanc.json');
  await writeFile(
    configPath,
    JSON.stringify(
      orthancConfig({
        directory,
        httpPort,
        plugins: [installation.plugins.gdcm, installation.plugins.dicomweb],
      }),
      null,
      2,
    ),
  );
  let server: ServerProcess;
  try {
    server = await spawnServer({
      command: installation.executable,
      args: [configPath],
      logFile: join(directory, 'orthanc.log'),
      origin: `http://127.0.0.1:${httpPort}`,
      readyPath: '/system',
      readyTimeoutMs: 30_000,
    });
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    return { unavailable: `Orthanc did not start: ${error instanceof Error ? error.message : String(error)}` };
  }
  const instanceIds = new Map<string, string>();
  return {
    installation,
    origin: server.origin,
    pid: server.child.pid,
    instanceIds,
    async upload(files, concurrency) {
      const outcome = await uploadFiles<OrthancStored>(
        new URL('/instances', server.origin),
        files.map((file) => file.bytes),
        concurrency,
      );
      outcome.answers.forEach((answer, index) => {
        const file = files[index];
        if (answer !== undefined && file !== undefined) instanceIds.set(file.sopInstanceUid, answer.ID);
      });
      return outcome;
    },
    async stop() {
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
