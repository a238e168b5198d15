import { IngestFileResult, type IngestOutcome } from '@lucent/shared';
import type { HttpTransport } from './http-transport.js';
import { awaitJob, jobIdOf } from './ingest-job.js';
import { isLucentError, LucentError } from './lucent-error.js';
import { createRateLimitPause, type RateLimitPause } from './rate-limit-pause.js';
import { jsonOf } from './response-json.js';
import { sendBatch } from './upload-batch.js';
import { planBatches } from './upload-batches.js';
import { entryOf, failedResult, resultOf, type UploadEntry } from './upload-entry.js';
import type {
  UploadFile,
  UploadFileResult,
  UploadFilesOptions,
  UploadOptions,
  UploadProgress,
  UploadSummary,
} from './upload-types.js';

const MiB = 1024 * 1024;
/**
 * Defaults: a batch fits the server's 64 MiB in-memory form budget (beyond it parts spill to disk)
 * and stays far below ASYNC_INGEST_BYTES (256 MiB), so a batch normally answers at once.
 */
export const UPLOAD_DEFAULTS = {
  concurrency: 2,
  batchFiles: 100,
  batchBytes: 64 * MiB,
  rateLimitRetries: 5,
  maxRateLimitWaitMs: 60 * 60_000,
} as const;

/** Upload one file as `application/dicom` to `POST /api/v1/instances`; an error answer throws a LucentError. */
export async function uploadFile(
  transport: HttpTransport,
  file: UploadFile,
  options: UploadOptions = {},
  index = 0,
): Promise<UploadFileResult> {
  const entry = entryOf(file, index);
  const { signal } = options;
  const response = await transport.request(`/api/v1/instances${options.overwrite === true ? '?overwrite=true' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/dicom', accept: 'application/json' },
    body: entry.data,
    ...(signal === undefined ? {} : { signal }),
  });
  const body = await jsonOf(response);
  if (response.status === 202) {
    const job = await awaitJob(transport, jobIdOf(body), { signal });
    const [first] = job.files;
    if (first !== undefined) return resultOf(entry, first);
    throw new LucentError('INTERNAL', {
      status: 200,
      message: job.error ?? 'The upload job finished without a result',
    });
  }
  const parsed = IngestFileResult.safeParse(body);
  if (parsed.success) return resultOf(entry, parsed.data);
  throw new LucentError('INTERNAL', {
    status: response.status,
    message: 'The server answered an upload with an unknown shape',
  });
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new LucentError('VALIDATION_FAILED', { status: 0, message: `${name} must be a positive integer` });
  }
  return value;
}

/**
 * A batch's results; a batch the server refused as a whole (413) is split in two and each half sent,
 * and any other failure of the request fails each of its files with that error.
 */
async function uploadBatch(
  transport: HttpTransport,
  entries: UploadEntry[],
  options: { overwrite: boolean; signal: AbortSignal | undefined; pause: RateLimitPause },
): Promise<UploadFileResult[]> {
  try {
    return await sendBatch(transport, entries, options);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (isLucentError(error) && error.code === 'PAYLOAD_TOO_LARGE' && entries.length > 1) {
      const half = Math.ceil(entries.length / 2);
      return [
        ...(await uploadBatch(transport, entries.slice(0, half), options)),
        ...(await uploadBatch(transport, entries.slice(half), options)),
      ];
    }
    return entries.map((entry) => failedResult(entry, error));
  }
}

/**
 * Upload many files in few requests: multipart/form-data batches of at most `batchFiles` files and
 * `batchBytes` bytes (a larger file goes alone), `concurrency` batches at a time. Each file gets its
 * own outcome (a failed one its error code) and the rest go on; a 429 RATE_LIMITED pauses the upload
 * for the server's Retry-After and retries. Only an abort (options.signal) rejects.
 */
export async function uploadFiles(
  transport: HttpTransport,
  files: readonly UploadFile[],
  options: UploadFilesOptions = {},
): Promise<UploadSummary> {
  const { onProgress, signal, overwrite = false } = options;
  const concurrency = positiveInteger(options.concurrency ?? UPLOAD_DEFAULTS.concurrency, 'concurrency');
  const limits = {
    files: positiveInteger(options.batchFiles ?? UPLOAD_DEFAULTS.batchFiles, 'batchFiles'),
    bytes: positiveInteger(options.batchBytes ?? UPLOAD_DEFAULTS.batchBytes, 'batchBytes'),
  };
  const retries = options.rateLimitRetries ?? UPLOAD_DEFAULTS.rateLimitRetries;
  if (!Number.isInteger(retries) || retries < 0) {
    throw new LucentError('VALIDATION_FAILED', { status: 0, message: 'rateLimitRetries must be 0 or more' });
  }
  const entries = files.map(entryOf);
  const results: UploadFileResult[] = new Array(files.length);
  const progress: UploadProgress = {
    filesDone: 0,
    filesTotal: files.length,
    bytesDone: 0,
    bytesTotal: entries.reduce((total, entry) => total + entry.bytes, 0),
  };
  onProgress?.({ ...progress });
  const pause = createRateLimitPause({
    retries,
    maxWaitMs: options.maxRateLimitWaitMs ?? UPLOAD_DEFAULTS.maxRateLimitWaitMs,
    onWait: (wait) => onProgress?.({ ...progress, wait }),
  });
  const batches = planBatches(
    entries.map((entry) => entry.bytes),
    limits,
  ).map((indices) => indices.map((index) => entries[index] as UploadEntry));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      signal?.throwIfAborted();
      const batch = batches[next++] as UploadEntry[];
      const batchResults = await uploadBatch(transport, batch, { overwrite, signal, pause });
      batch.forEach((entry, position) => {
        const result = batchResults[position] as UploadFileResult;
        results[entry.index] = result;
        progress.filesDone += 1;
        progress.bytesDone += result.bytes;
        onProgress?.({ ...progress, file: result });
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  const count = (outcome: IngestOutcome) => results.filter((result) => result.outcome === outcome).length;
  return {
    stored: count('stored'),
    duplicates: count('duplicate'),
    overwritten: count('overwritten'),
    failed: count('failed'),
    bytes: progress.bytesDone,
    files: results,
  };
}
