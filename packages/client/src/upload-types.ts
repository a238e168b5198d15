import type { ErrorCode, IngestOutcome } from '@lucent/shared';

export type UploadData = Uint8Array | ArrayBuffer | Blob;
/** A browser `File` (a Blob with a name), or bytes with a name (in Node, `fs.openAsBlob(path)` reads lazily). */
export type UploadFile = Blob | { name: string; data: UploadData };

export interface UploadOptions {
  /** Replace a stored instance with the same SOP Instance UID and different bytes (otherwise INSTANCE_CONFLICT). */
  overwrite?: boolean;
  signal?: AbortSignal;
}

export interface UploadFilesOptions extends UploadOptions {
  /** Batches (requests) in flight at once (default 2). */
  concurrency?: number;
  /** Most files in one request (default 100). */
  batchFiles?: number;
  /** Most file bytes in one request (default 64 MiB); a larger file goes alone. */
  batchBytes?: number;
  /** Times one batch is retried after 429 RATE_LIMITED (default 5; 0: fail at once). */
  rateLimitRetries?: number;
  /** Longest Retry-After waited for (default 1 hour); a longer one fails the files with RATE_LIMITED. */
  maxRateLimitWaitMs?: number;
  /**
   * Called once before the first file, after each file whatever its outcome, and when the upload
   * pauses because the server's rate limit was reached (`wait`).
   */
  onProgress?: (progress: UploadProgress) => void;
}

export interface UploadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** The file that just finished (absent in the first call and in pauses). */
  file?: UploadFileResult;
  /** The upload pauses: the server answered 429 RATE_LIMITED and asked to wait. */
  wait?: UploadWait;
}

export interface UploadWait {
  code: 'RATE_LIMITED';
  /** How long the upload pauses before sending again. */
  waitMs: number;
  /** This retry (from 1) of at most `retries` for the batch that was refused. */
  attempt: number;
  retries: number;
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
