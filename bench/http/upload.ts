import { performance } from 'node:perf_hooks';

/** Ingest throughput of one upload run. */
export interface IngestSummary {
  instances: number;
  bytes: number;
  seconds: number;
  instancesPerSecond: number;
  megabytesPerSecond: number;
  failed: number;
  /** The first failure, for the report (status and a short body). */
  firstFailure?: string;
}

export interface UploadOutcome<T> {
  summary: IngestSummary;
  /** The parsed JSON answer for each file, in file order (undefined where the upload failed). */
  answers: (T | undefined)[];
}

export function ingestSummary(instances: number, bytes: number, seconds: number, failed: number): IngestSummary {
  return {
    instances,
    bytes,
    seconds,
    instancesPerSecond: (instances - failed) / seconds,
    megabytesPerSecond: bytes / 1e6 / seconds,
    failed,
  };
}

/**
 * POST each file as `application/dicom` to `url`, `concurrency` at a time, and time the whole run.
 * One file a request, as a modality or a gateway sends them.
 */
export async function uploadFiles<T>(
  url: URL,
  files: readonly Uint8Array[],
  concurrency: number,
  headers: Record<string, string> = {},
): Promise<UploadOutcome<T>> {
  const answers: (T | undefined)[] = new Array(files.length).fill(undefined);
  let failed = 0;
  let firstFailure: string | undefined;
  let cursor = 0;
  const worker = async () => {
    while (cursor < files.length) {
      const index = cursor++;
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/dicom', accept: 'application/json' },
        body: files[index] as Uint8Array,
      });
      const text = await response.text();
      if (response.ok) {
        answers[index] = JSON.parse(text) as T;
      } else {
        failed += 1;
        firstFailure ??= `HTTP ${response.status}: ${text.slice(0, 200)}`;
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  const seconds = (performance.now() - start) / 1000;
  const bytes = files.reduce((sum, file) => sum + file.byteLength, 0);
  const summary = ingestSummary(files.length, bytes, seconds, failed);
  return { summary: firstFailure === undefined ? summary : { ...summary, firstFailure }, answers };
}
