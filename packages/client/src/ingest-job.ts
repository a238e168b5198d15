import { Job } from '@lucent/shared';
import type { HttpTransport } from './http-transport.js';
import { LucentError } from './lucent-error.js';
import type { RateLimitPause } from './rate-limit-pause.js';
import { sleep } from './rate-limit-pause.js';
import { jsonOf } from './response-json.js';

const FIRST_POLL_MS = 250;
const LONGEST_POLL_MS = 2000;

/** The job id of a 202 answer to an upload (`{ jobId }`). */
export function jobIdOf(body: unknown): string {
  const jobId = typeof body === 'object' && body !== null && 'jobId' in body ? body.jobId : undefined;
  if (typeof jobId !== 'string' || jobId === '') {
    throw new LucentError('INTERNAL', { status: 202, message: 'The server accepted an upload without a job id' });
  }
  return jobId;
}

/**
 * A large upload the server runs as a background job: poll `GET /api/v1/jobs/{id}` (more slowly as
 * it runs on, so a long job costs few requests) until it has succeeded or failed.
 */
export async function awaitJob(
  transport: HttpTransport,
  jobId: string,
  options: { signal?: AbortSignal | undefined; pause?: RateLimitPause | undefined } = {},
): Promise<Job> {
  const { signal, pause } = options;
  const get = () =>
    transport.request(`/api/v1/jobs/${encodeURIComponent(jobId)}`, signal === undefined ? {} : { signal });
  for (let delay = FIRST_POLL_MS; ; delay = Math.min(LONGEST_POLL_MS, delay * 2)) {
    const response = await (pause === undefined ? get() : pause.run(get, signal));
    const job = Job.safeParse(await jsonOf(response));
    if (!job.success) throw new LucentError('INTERNAL', { status: response.status, message: 'Not an ingest job' });
    if (job.data.status === 'succeeded' || job.data.status === 'failed') return job.data;
    await sleep(delay, signal);
  }
}
