import { createReadStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, type IngestFileResult, type IngestSummary } from '@lucent/shared';
import type { Env } from '../../config/env.js';
import type { Database } from '../../db/open-database.js';
import { type FormFile, type MultipartForm, readMultipartForm } from '../../http/multipart-form.js';
import type { PhiService } from '../../security/phi/phi-service.js';
import type { IngestAuditScope } from '../audit/ingest-audit.js';
import type { JobOutcome, JobsService } from '../jobs/jobs.service.js';
import { createImageWrapper, IMAGE_TARGET_FIELDS, imageTargetOf } from './image-upload.js';
import type { IngestService } from './ingest.service.js';
import { createUploadIngest, type UploadContext } from './ingest-upload.js';
import { clearSpool, spoolUpload } from './upload-spool.js';

/** A request body as the route received it. */
export interface UploadRequest {
  /** The media type without parameters (`multipart/form-data`, `application/dicom`, `image/png`…). */
  mediaType: string;
  /** The full Content-Type (multipart needs its boundary). */
  contentType: string;
  declaredLength: number | undefined;
  overwrite: boolean;
  /** Who uploads: their facility owns what is stored; a background job remembers both. */
  owner: { facilityId: string; userId: string };
  /** The request's audit scope: what it (or its background job) stores is recorded as its upload. */
  audit?: IngestAuditScope | undefined;
  /** Query parameters (image target). */
  query: (name: string) => string | undefined;
}

export interface UploadService {
  /** A multipart form, synchronously: per-file outcomes. */
  ingestForm(source: Readable, request: UploadRequest): Promise<IngestSummary>;
  /** One file as the body, synchronously. */
  ingestBody(bytes: Uint8Array, request: UploadRequest): Promise<IngestFileResult>;
  /** Spool the body and ingest it in a background job; resolves with the job id once the body is safe on disk. */
  submit(body: ReadableStream<Uint8Array> | null, request: UploadRequest): Promise<string>;
  /** Remove spooled bodies and spilled parts a previous process left behind. */
  removeLeftovers(): Promise<void>;
}

const isMultipart = (request: UploadRequest) => request.mediaType === 'multipart/form-data';

/** A raw body as the one file of an upload: an image by its media type only (no sniffing). */
function bodyFile(bytes: Uint8Array, mediaType: string): FormFile {
  return {
    field: 'body',
    filename: undefined,
    mimeType: mediaType,
    size: bytes.byteLength,
    oversize: false,
    head: new Uint8Array(0),
    read: async () => bytes,
    release: async () => undefined,
  };
}

export function createUploadService(deps: {
  env: Env;
  db: Database;
  ingest: IngestService;
  jobs: JobsService;
  phi: PhiService;
}): UploadService {
  const { env, jobs } = deps;
  const uploads = createUploadIngest(deps.ingest, createImageWrapper(deps.db, deps.phi));
  const spoolDir = join(env.DATA_DIR, 'uploads');
  const partsDir = join(env.DATA_DIR, 'tmp');

  const readForm = (source: Readable, request: UploadRequest, checkLength: boolean): Promise<MultipartForm> =>
    readMultipartForm(source, {
      contentType: request.contentType,
      declaredLength: checkLength ? request.declaredLength : undefined,
      maxFileBytes: env.MAX_FILE_BYTES,
      maxRequestBytes: env.MAX_REQUEST_BYTES,
      spoolDir: partsDir,
      fieldNames: IMAGE_TARGET_FIELDS,
    });

  const contextOf = (request: UploadRequest, form?: MultipartForm): UploadContext => ({
    facilityId: request.owner.facilityId,
    overwrite: request.overwrite,
    audit: request.audit,
    target: imageTargetOf((name) => request.query(name) ?? form?.fields.get(name)),
  });

  async function ingestForm(
    form: MultipartForm,
    request: UploadRequest,
    onProgress?: Parameters<typeof uploads.ingestFiles>[2],
  ) {
    if (form.files.length === 0) throw new AppError('VALIDATION_FAILED', { message: 'The form has no files' });
    return uploads.ingestFiles(form.files, contextOf(request, form), onProgress);
  }

  async function runJob(
    path: string,
    request: UploadRequest,
    report: (progress: JobOutcome) => void,
  ): Promise<JobOutcome> {
    let form: MultipartForm | undefined;
    try {
      let files: FormFile[];
      if (isMultipart(request)) {
        form = await readForm(createReadStream(path), request, false);
        files = form.files;
      } else {
        files = [bodyFile(new Uint8Array(await readFile(path)), request.mediaType)];
      }
      const total = files.length;
      const progressOf = (summary: IngestSummary, processed: number): JobOutcome => ({
        status: 'succeeded',
        error: null,
        total,
        processed,
        stored: summary.stored + summary.overwritten,
        duplicates: summary.duplicates,
        failed: summary.failed,
        files: summary.files,
      });
      const summary =
        form === undefined
          ? await uploads.ingestFiles(files, contextOf(request), (s, n) => report(progressOf(s, n)))
          : await ingestForm(form, request, (s, n) => report(progressOf(s, n)));
      const outcome = progressOf(summary, total);
      const first = summary.files[0]?.error;
      if (summary.failed === total && first !== undefined) {
        return { ...outcome, status: 'failed', error: `${first.code}: ${first.message}` };
      }
      return outcome;
    } finally {
      await form?.dispose();
      await rm(path, { force: true });
    }
  }

  return {
    async ingestForm(source, request) {
      const form = await readForm(source, request, true);
      try {
        return await ingestForm(form, request);
      } finally {
        await form.dispose();
      }
    },
    async ingestBody(bytes, request) {
      return uploads.ingestFile(bodyFile(bytes, request.mediaType), contextOf(request));
    },
    async submit(body, request) {
      contextOf(request); // a malformed target in the query fails now, not in the job
      const path = await spoolUpload(body, {
        dir: spoolDir,
        limit: isMultipart(request) ? env.MAX_REQUEST_BYTES : env.MAX_FILE_BYTES,
        declaredLength: request.declaredLength,
      });
      try {
        return await jobs.submit(
          'ingest',
          { run: (report) => runJob(path, request, report), discard: () => rm(path, { force: true }) },
          request.owner,
        );
      } catch (error) {
        await rm(path, { force: true });
        throw error;
      }
    },
    async removeLeftovers() {
      await clearSpool(spoolDir);
      await clearSpool(partsDir);
    },
  };
}
