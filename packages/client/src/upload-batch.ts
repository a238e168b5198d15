import { type IngestFileResult, IngestSummary, isErrorCode, type Job } from '@lucent/shared';
import type { HttpTransport } from './http-transport.js';
import { awaitJob, jobIdOf } from './ingest-job.js';
import { isLucentError, LucentError } from './lucent-error.js';
import type { RateLimitPause } from './rate-limit-pause.js';
import { jsonOf } from './response-json.js';
import { resultOf, type UploadEntry } from './upload-entry.js';
import type { UploadFileResult } from './upload-types.js';

export interface BatchOptions {
  overwrite: boolean;
  signal: AbortSignal | undefined;
  pause: RateLimitPause;
}

/** Every part is sent as DICOM, as a one-file upload is. */
const PART_TYPE = 'application/dicom';

/**
 * The name a file goes by in the form. Not the client's name: a path may be absolute (the server
 * refuses those) or say who the patient is; results come back in form order and with this name.
 */
const partName = (position: number) => `file-${position + 1}`;

/** A fresh form for each attempt; file-backed Blobs are read only as the body streams out. */
function formOf(entries: readonly UploadEntry[]): FormData {
  const form = new FormData();
  entries.forEach((entry, position) => {
    const { data } = entry;
    // slice() relabels a Blob without reading it.
    const blob = data instanceof Blob ? data.slice(0, data.size, PART_TYPE) : new Blob([data], { type: PART_TYPE });
    form.append('file', blob, partName(position));
  });
  return form;
}

function resultsOf(entries: readonly UploadEntry[], files: readonly IngestFileResult[]): UploadFileResult[] {
  if (files.length !== entries.length) {
    throw new LucentError('INTERNAL', {
      status: 200,
      message: `The server answered ${files.length} results for ${entries.length} files`,
    });
  }
  const byName = new Map(files.map((file) => [file.name, file]));
  return entries.map((entry, position) =>
    resultOf(entry, byName.get(partName(position)) ?? (files[position] as IngestFileResult)),
  );
}

/** When every file of a form fails the server answers the first one's error, listing all in details.summary. */
function failedFilesOf(error: unknown): IngestFileResult[] | undefined {
  if (!isLucentError(error)) return undefined;
  const summary = IngestSummary.safeParse(error.details?.summary);
  return summary.success ? summary.data.files : undefined;
}

/** A job that failed before it had per-file results: its `error` is `CODE: message`. */
function jobError(job: Job): LucentError {
  const [code, ...rest] = (job.error ?? '').split(': ');
  return new LucentError(isErrorCode(code) ? code : 'INTERNAL', {
    status: 200,
    message: rest.length > 0 ? rest.join(': ') : (job.error ?? 'The upload job finished without results'),
  });
}

/**
 * Upload a batch of files as one multipart/form-data request to `POST /api/v1/instances` and read
 * each file's outcome from the answer: an IngestSummary (200), a background job to follow (202), or
 * an error that lists every file as failed. Any other error rejects (for the whole batch).
 */
export async function sendBatch(
  transport: HttpTransport,
  entries: readonly UploadEntry[],
  options: BatchOptions,
): Promise<UploadFileResult[]> {
  const { signal, pause } = options;
  const path = `/api/v1/instances${options.overwrite ? '?overwrite=true' : ''}`;
  const post = () =>
    transport.request(path, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: formOf(entries),
      ...(signal === undefined ? {} : { signal }),
    });
  let response: Response;
  try {
    response = await pause.run(post, signal);
  } catch (error) {
    const failed = signal?.aborted ? undefined : failedFilesOf(error);
    if (failed !== undefined) return resultsOf(entries, failed);
    throw error;
  }
  const body = await jsonOf(response);
  if (response.status === 202) {
    const job = await awaitJob(transport, jobIdOf(body), { signal, pause });
    if (job.files.length === 0 && job.status === 'failed') throw jobError(job);
    return resultsOf(entries, job.files);
  }
  const summary = IngestSummary.safeParse(body);
  if (!summary.success) {
    throw new LucentError('INTERNAL', {
      status: response.status,
      message: 'The server answered an upload with an unknown shape',
    });
  }
  return resultsOf(entries, summary.data.files);
}
