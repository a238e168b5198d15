import { generateUid } from '@lucent/engine';
import { AppError, type IngestFileResult, type IngestSummary } from '@lucent/shared';
import { appErrorOf } from '../../app/app-error-of.js';
import type { FormFile } from '../../http/multipart-form.js';
import type { IngestAuditScope } from '../audit/ingest-audit.js';
import { type ImageTarget, type ImageWrapper, imageKindOf } from './image-upload.js';
import type { IngestService } from './ingest.service.js';
import { checkUploadFileName } from './upload-file-name.js';

export interface UploadContext {
  /** The uploader's facility (see IngestOptions.facilityId). */
  facilityId: string;
  overwrite: boolean;
  /** Where JPEG/PNG files go (query parameters, then form fields). */
  target: ImageTarget;
  /** The upload request's audit scope (see ingest-audit.ts). */
  audit?: IngestAuditScope | undefined;
}

export interface UploadIngest {
  /** One file (a raw body): its result, or an AppError; nothing is left behind on failure. */
  ingestFile(file: FormFile, context: UploadContext): Promise<IngestFileResult>;
  /**
   * Every file of a form, four at a time, each to its own outcome (`failed` with a code for bad
   * input; 5xx errors still reject). Images of one request share one new series. `onProgress`
   * sees the summary after each file.
   */
  ingestFiles(
    files: FormFile[],
    context: UploadContext,
    onProgress?: (summary: IngestSummary, processed: number) => void,
  ): Promise<IngestSummary>;
}

const CONCURRENCY = 4;

/** Images of one request: one series, numbered in upload order. */
interface ImagePlacement {
  seriesInstanceUid: string;
  next: number;
}

export function summaryOf(files: IngestFileResult[]): IngestSummary {
  const count = (outcome: IngestFileResult['outcome']) => files.filter((file) => file.outcome === outcome).length;
  return {
    stored: count('stored'),
    duplicates: count('duplicate'),
    overwritten: count('overwritten'),
    failed: count('failed'),
    files,
  };
}

/** The name shown for a file: its file name, or its field name. */
const displayNameOf = (file: FormFile) => file.filename ?? file.field;

export function createUploadIngest(ingest: IngestService, images: ImageWrapper): UploadIngest {
  async function ingestOne(
    file: FormFile,
    context: UploadContext,
    placement: ImagePlacement,
  ): Promise<IngestFileResult> {
    checkUploadFileName(file.filename);
    const name = displayNameOf(file);
    if (file.oversize) throw new AppError('PAYLOAD_TOO_LARGE', { details: { name } });
    let bytes = await file.read();
    if (imageKindOf(file.mimeType, file.head) !== undefined) {
      placement.next += 1;
      bytes = await images.wrap(
        bytes,
        context.target,
        {
          seriesInstanceUid: placement.seriesInstanceUid,
          instanceNumber: placement.next,
        },
        context.facilityId,
      );
    }
    return ingest.ingest(bytes, {
      facilityId: context.facilityId,
      overwrite: context.overwrite,
      name,
      audit: context.audit,
    });
  }

  return {
    async ingestFile(file, context) {
      try {
        return await ingestOne(file, context, { seriesInstanceUid: generateUid(), next: 0 });
      } finally {
        await file.release();
      }
    },
    async ingestFiles(files, context, onProgress) {
      const results: IngestFileResult[] = [];
      const placement: ImagePlacement = { seriesInstanceUid: generateUid(), next: 0 };
      let cursor = 0;
      let processed = 0;
      let failure: { error: unknown } | undefined;
      const worker = async () => {
        while (cursor < files.length && failure === undefined) {
          const index = cursor++;
          const file = files[index] as FormFile;
          try {
            results[index] = await ingestOne(file, context, placement);
          } catch (error) {
            const appError = appErrorOf(error);
            if (appError.status >= 500) {
              failure ??= { error };
              break;
            }
            results[index] = {
              name: displayNameOf(file),
              outcome: 'failed',
              bytes: file.size,
              error: { code: appError.code, message: appError.message },
            };
          } finally {
            await file.release();
          }
          processed += 1;
          onProgress?.(summaryOf(results.filter((result) => result !== undefined)), processed);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
      if (failure !== undefined) throw failure.error;
      return summaryOf(results);
    },
  };
}
