import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../app/app-env.js';

/**
 * One log line and one histogram sample per request: method, route pattern (never the raw URL, which
 * may carry patient search terms), status, duration, request id. Variables are read with `c.get()`:
 * Hono's `c.var` builds a new object of every variable on each access (hot path of every request).
 */
export function accessLog(): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = routePath(c, -1) || 'unmatched';
    const { logger, metrics } = c.get('services');
    metrics.httpDuration.observe({ method: c.req.method, route, status: String(c.res.status) }, seconds);
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(seconds * 1e4) / 10,
      },
      'request',
    );
  };
}
