import type { ServerResponse } from 'node:http';
import { AppError } from '@lucent/shared';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app/app-env.js';

/**
 * Call `onClose` once if the client goes away before the response is finished; returns a function
 * that stops listening. On @hono/node-server the Node response is watched directly: reading
 * `c.req.raw.signal` there would build a full WHATWG Request (headers, AbortController, listeners)
 * for every request, a large share of a cached image's cost. Elsewhere (app.request() in tests,
 * other runtimes) the request's own signal is used.
 */
function watchClientGone(c: Context<AppEnv>, onClose: () => void): () => void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing !== undefined && typeof outgoing.once === 'function') {
    const onResponseClose = () => {
      if (!outgoing.writableFinished) onClose();
    };
    outgoing.once('close', onResponseClose);
    return () => outgoing.off('close', onResponseClose);
  }
  const clientSignal = c.req.raw.signal;
  clientSignal.addEventListener('abort', onClose, { once: true });
  return () => clientSignal.removeEventListener('abort', onClose);
}

/**
 * Give each request an AbortSignal (made when first asked for) that fires after `ms` (or when the client disconnects), and answer
 * 504 REQUEST_TIMEOUT if the handler has not finished by then. Engine calls take the signal, so the
 * abandoned work is cancelled rather than left running.
 */
export function requestTimeout(msFor: (path: string, method: string) => number): MiddlewareHandler<AppEnv> {
  return async function requestTimeout(c, next) {
    const ms = msFor(c.req.path, c.req.method);
    const controller = new AbortController();
    const unwatch = watchClientGone(c, () => controller.abort(new AppError('ENGINE_ABORTED')));
    c.set('signal', () => controller.signal);
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
      unwatch();
    }
  };
}
