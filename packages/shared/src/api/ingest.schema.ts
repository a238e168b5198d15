import { z } from 'zod';
import { ErrorCode } from '../errors/error-code.schema.js';

export const IngestOutcome = z.enum(['stored', 'duplicate', 'overwritten', 'failed']);
export type IngestOutcome = z.infer<typeof IngestOutcome>;

/** The result for one uploaded file. `failed` entries carry an error code and no PHI. */
export const IngestFileResult = z.object({
  /** The upload's file name (multipart) or its index, when known. */
  name: z.string().optional(),
  outcome: IngestOutcome,
  sopInstanceUid: z.string().optional(),
  studyInstanceUid: z.string().optional(),
  seriesInstanceUid: z.string().optional(),
  bytes: z.number().int().nonnegative().optional(),
  error: z.object({ code: ErrorCode, message: z.string() }).optional(),
});
export type IngestFileResult = z.infer<typeof IngestFileResult>;

export const IngestSummary = z.object({
  stored: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  overwritten: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  files: z.array(IngestFileResult),
});
export type IngestSummary = z.infer<typeof IngestSummary>;

export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type JobStatus = z.infer<typeof JobStatus>;

export const Job = z.object({
  id: z.string().uuid(),
  kind: z.string(),
  status: JobStatus,
  total: z.number().int().nonnegative(),
  processed: z.number().int().nonnegative(),
  stored: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  files: z.array(IngestFileResult),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

export const JobGetInput = z.object({ id: z.string().uuid() });
