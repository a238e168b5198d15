import { isLucentError, LucentError } from './lucent-error.js';
import type { UploadWait } from './upload-types.js';

export interface RateLimitPolicy {
  /** Retries of one request after 429 RATE_LIMITED. */
  retries: number;
  /** Longest wait accepted; a longer Retry-After fails the request. */
  maxWaitMs: number;
  /** Told once each time the pause is set or extended. */
  onWait?: (wait: UploadWait) => void;
  now?: () => number;
}

export interface RateLimitPause {
  /**
   * Wait while the pause lasts, then `send`; on 429 RATE_LIMITED pause every request of the upload
   * for the server's Retry-After and send again, at most `retries` times. A wait longer than
   * `maxWaitMs` rejects at once, and so does every later request until that time has passed.
   */
  run<T>(send: () => Promise<T>, signal: AbortSignal | undefined): Promise<T>;
}

/** Without a Retry-After: 1 s, 2 s, 4 s… */
const fallbackWaitMs = (attempt: number) => 1000 * 2 ** (attempt - 1);

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const isRateLimited = (error: unknown): error is LucentError => isLucentError(error) && error.code === 'RATE_LIMITED';

function tooLong(error: LucentError, waitMs: number, maxWaitMs: number): LucentError {
  return new LucentError('RATE_LIMITED', {
    status: error.status,
    message: `${error.message} (the server asks to wait ${Math.ceil(waitMs / 1000)} s, longer than the ${Math.ceil(maxWaitMs / 1000)} s this upload waits)`,
    retryAfterSeconds: Math.ceil(waitMs / 1000),
    cause: error,
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
  });
}

/** One pause shared by the requests of an upload, so concurrent batches wait together instead of each hitting 429. */
export function createRateLimitPause(policy: RateLimitPolicy): RateLimitPause {
  const now = policy.now ?? Date.now;
  let resumeAt = 0;
  let refused: { until: number; error: LucentError } | undefined;
  return {
    async run(send, signal) {
      for (let attempt = 1; ; attempt++) {
        if (refused !== undefined && now() < refused.until) throw refused.error;
        while (now() < resumeAt) await sleep(resumeAt - now(), signal);
        try {
          return await send();
        } catch (error) {
          if (!isRateLimited(error) || signal?.aborted) throw error;
          if (attempt > policy.retries) throw error;
          const waitMs =
            error.retryAfterSeconds === undefined ? fallbackWaitMs(attempt) : error.retryAfterSeconds * 1000;
          if (waitMs > policy.maxWaitMs) {
            refused = { until: now() + waitMs, error: tooLong(error, waitMs, policy.maxWaitMs) };
            throw refused.error;
          }
          const until = now() + waitMs;
          // Batches refused together report one pause (Retry-After is in whole seconds).
          if (until > resumeAt + 1000) {
            policy.onWait?.({ code: 'RATE_LIMITED', waitMs, attempt, retries: policy.retries });
          }
          resumeAt = Math.max(resumeAt, until);
        }
      }
    },
  };
}
