import { AppError } from '@lucent/shared';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app/app-env.js';

/**
 * Give each request an AbortSignal that fires after `ms` (or when the client disconnects), and answer
 * 504 REQUEST_TIMEOUT if the handler has not finished by then. Engine calls take the signal, so the
 * abandoned work is cancelled rather than left running.
 */
export function requestTimeout(msFor: (path: string, method: string) => number): MiddlewareHandler<AppEnv> {
  return async function requestTimeout(c, next) {
    const ms = msFor(c.req.path, c.req.method);
    const controller = new AbortController();
    const clientSignal = c.req.raw.signal;
    const onClientAbort = () => controller.abort(new AppError('ENGINE_ABORTED'));
    clientSignal.addEventListener('abort', onClientAbort, { once: true });
    c.set('signal', controller.signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new AppError('REQUEST_TIMEOUT', { details: { timeoutMs: ms } });
        controller.abort(error);
        reject(error);
      }, ms);
    });
    try {
      await Promise.race([next(), timedOut]);
    } finally {
      clearTimeout(timer);
      clientSignal.removeEventListener('abort', onClientAbort);
    }
  };
}
