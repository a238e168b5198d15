import { openAsBlob } from 'node:fs';
import type { LucentClient } from '../create-lucent-client.js';
import type { UploadFile, UploadFileResult, UploadSummary } from '../upload-types.js';
import { type CliOutput, ExitCode } from './cli-output.js';
import { listFiles } from './list-files.js';
import type { Command } from './parse-arguments.js';
import { createUploadReporter, fileLine, summaryLine, waitLine } from './upload-reporter.js';

/** The parsed `lucent upload` arguments (what parseArguments gives, less the kind and server url). */
export type UploadCommand = Omit<Extract<Command, { kind: 'upload' }>, 'kind' | 'url'>;

const MiB = 1024 * 1024;

/**
 * `lucent upload`: every file below the paths, in multipart batches read from disk as they are sent
 * (uploadFiles); exit 0 when none failed, else 2.
 */
export async function runUpload(client: LucentClient, command: UploadCommand, output: CliOutput): Promise<number> {
  const started = Date.now();
  const listed = await listFiles(command.paths);
  const missing: UploadFileResult[] = listed.missing.map(({ path, reason }) => ({
    name: path,
    outcome: 'failed',
    bytes: 0,
    error: { code: 'NOT_FOUND', message: `cannot read the path (${reason})`, status: 0 },
  }));
  const unreadable: UploadFileResult[] = [];
  const files: UploadFile[] = [];
  for (const path of listed.files) {
    try {
      files.push({ name: path, data: await openAsBlob(path) });
    } catch (error) {
      const reason = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';
      unreadable.push({
        name: path,
        outcome: 'failed',
        bytes: 0,
        error: { code: 'NOT_FOUND', message: `cannot read the file (${reason})`, status: 0 },
      });
    }
  }
  const reporter = command.json ? undefined : createUploadReporter(output);
  if (reporter !== undefined) for (const result of [...missing, ...unreadable]) output.stdout(fileLine(result));
  const uploaded = await client.uploadFiles(files, {
    concurrency: command.concurrency,
    overwrite: command.overwrite,
    ...(command.batchFiles === undefined ? {} : { batchFiles: command.batchFiles }),
    ...(command.batchMiB === undefined ? {} : { batchBytes: command.batchMiB * MiB }),
    onProgress:
      reporter?.onProgress ??
      ((progress) => {
        if (progress.wait !== undefined) output.stderr(waitLine(progress.wait));
      }),
  });
  reporter?.finish();
  const summary: UploadSummary = {
    ...uploaded,
    failed: uploaded.failed + missing.length + unreadable.length,
    files: [...missing, ...unreadable, ...uploaded.files],
  };
  output.stdout(command.json ? JSON.stringify(summary) : summaryLine(summary, Date.now() - started));
  return summary.failed === 0 ? ExitCode.ok : ExitCode.failed;
}
