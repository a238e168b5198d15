import { type ErrorCode, IngestFileResult, type IngestOutcome, Job } from '@lucent/shared';
import type { HttpTransport } from './http-transport.js';
import { isLucentError, LucentError } from './lucent-error.js';

export type UploadData = Uint8Array | ArrayBuffer | Blob;
/** A browser `File` (a Blob with a name), or bytes with a name (in Node, `fs.openAsBlob(path)` reads lazily). */
export type UploadFile = Blob | { name: string; data: UploadData };

export interface UploadOptions {
  /** Replace a stored instance with the same SOP Instance UID and different bytes (otherwise INSTANCE_CONFLICT). */
  overwrite?: boolean;
  signal?: AbortSignal;
}

export interface UploadFilesOptions extends UploadOptions {
  /** Files in flight at once (default 4). */
  concurrency?: number;
  /** Called once before the first file and after each file, whatever its outcome. */
  onProgress?: (progress: UploadProgress) => void;
}

export interface UploadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** The file that just finished (absent in the first call). */
  file?: UploadFileResult;
}

export interface UploadFileResult {
  name: string;
  outcome: IngestOutcome;
  bytes: number;
  sopInstanceUid?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  /** For `failed`: the product's error code (e.g. INVALID_DICOM, INSTANCE_CONFLICT) and HTTP status (0: no answer). */
  error?: { code: ErrorCode; message: string; status: number };
}

export interface UploadSummary {
  stored: number;
  duplicates: number;
  overwritten: number;
  failed: number;
  bytes: number;
  /** One result per file, in the order given. */
  files: UploadFileResult[];
}

const DEFAULT_CONCURRENCY = 4;
const JOB_POLL_MS = 500;

function nameOf(file: UploadFile, index: number): string {
  if (file instanceof Blob) return 'name' in file && typeof file.name === 'string' ? file.name : `file-${index + 1}`;
  return file.name;
}

function dataOf(file: UploadFile): UploadData {
  return file instanceof Blob ? file : file.data;
}

function sizeOf(data: UploadData): number {
  return data instanceof Blob ? data.size : data.byteLength;
}

function resultOf(name: string, bytes: number, body: unknown): UploadFileResult {
  const parsed = IngestFileResult.safeParse(body);
  if (!parsed.success) {
    throw new LucentError('INTERNAL', { status: 200, message: 'The server answered an upload with an unknown shape' });
  }
  const { outcome, sopInstanceUid, studyInstanceUid, seriesInstanceUid, error } = parsed.data;
  return {
    name,
    outcome,
    bytes,
    ...(sopInstanceUid === undefined ? {} : { sopInstanceUid }),
    ...(studyInstanceUid === undefined ? {} : { studyInstanceUid }),
    ...(seriesInstanceUid === undefined ? {} : { seriesInstanceUid }),
    ...(error === undefined ? {} : { error: { ...error, status: 200 } }),
  };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** A 2xx body as JSON; anything else (a proxy's HTML page, say) is a LucentError, not a SyntaxError. */
async function jsonOf(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch (cause) {
    throw new LucentError('INTERNAL', {
      status: response.status,
      message: 'The server answered with invalid JSON',
      cause,
    });
  }
}

/** A large upload the server ran as a background job (202 `{ jobId }`): wait for it to finish. */
async function awaitJob(transport: HttpTransport, jobId: string, signal: AbortSignal | undefined): Promise<Job> {
  for (;;) {
    const response = await transport.request(`/api/v1/jobs/${encodeURIComponent(jobId)}`, {
      ...(signal === undefined ? {} : { signal }),
    });
    const job = Job.safeParse(await jsonOf(response));
    if (!job.success) throw new LucentError('INTERNAL', { status: response.status, message: 'Not an ingest job' });
    if (job.data.status === 'succeeded' || job.data.status === 'failed') return job.data;
    await sleep(JOB_POLL_MS, signal);
  }
}

/** Upload one file as `application/dicom` to `POST /api/v1/instances`; an error answer throws a LucentError. */
export async function uploadFile(
  transport: HttpTransport,
  file: UploadFile,
  options: UploadOptions = {},
  index = 0,
): Promise<UploadFileResult> {
  const name = nameOf(file, index);
  const data = dataOf(file);
  const bytes = sizeOf(data);
  const response = await transport.request(`/api/v1/instances${options.overwrite === true ? '?overwrite=true' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/dicom', accept: 'application/json' },
    body: data,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const body = await jsonOf(response);
  if (response.status !== 202) return resultOf(name, bytes, body);
  const jobId = typeof body === 'object' && body !== null && 'jobId' in body ? String(body.jobId) : '';
  const job = await awaitJob(transport, jobId, options.signal);
  const [first] = job.files;
  if (first !== undefined) return resultOf(name, bytes, first);
  throw new LucentError('INTERNAL', { status: 200, message: job.error ?? 'The upload job finished without a result' });
}

function failure(name: string, bytes: number, error: unknown): UploadFileResult {
  const lucent = isLucentError(error)
    ? error
    : new LucentError('INTERNAL', { status: 0, message: error instanceof Error ? error.message : String(error) });
  return {
    name,
    outcome: 'failed',
    bytes,
    error: { code: lucent.code, message: lucent.message, status: lucent.status },
  };
}

/**
 * Upload many files, one request each, `concurrency` at a time. A file that fails is recorded with its
 * error code and the rest go on; only an abort (options.signal) rejects.
 */
export async function uploadFiles(
  transport: HttpTransport,
  files: readonly UploadFile[],
  options: UploadFilesOptions = {},
): Promise<UploadSummary> {
  const { onProgress, concurrency = DEFAULT_CONCURRENCY, signal } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new LucentError('VALIDATION_FAILED', { status: 0, message: 'concurrency must be a positive integer' });
  }
  const results: UploadFileResult[] = new Array(files.length);
  const progress: UploadProgress = {
    filesDone: 0,
    filesTotal: files.length,
    bytesDone: 0,
    bytesTotal: files.reduce((total, file) => total + sizeOf(dataOf(file)), 0),
  };
  onProgress?.({ ...progress });
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      signal?.throwIfAborted();
      const index = next++;
      const file = files[index] as UploadFile;
      let result: UploadFileResult;
      try {
        result = await uploadFile(transport, file, options, index);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        result = failure(nameOf(file, index), sizeOf(dataOf(file)), error);
      }
      results[index] = result;
      progress.filesDone += 1;
      progress.bytesDone += result.bytes;
      onProgress?.({ ...progress, file: result });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
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
