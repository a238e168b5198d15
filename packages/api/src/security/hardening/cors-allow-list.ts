import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { requestHeader } from '../../http/request-header.js';

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, Accept, If-None-Match, X-CSRF-Token, X-Request-Id, trpc-accept';
const EXPOSE_HEADERS =
  'ETag, Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id, Warning';

/**
 * CORS for the origins listed in CORS_ORIGINS only (exact `scheme://host[:port]`; none by default).
 * A listed origin gets its own name back with credentials allowed; any other origin gets no CORS
 * headers at all, so browsers keep their same-origin rule. Preflights are answered here (204).
 */
export function corsAllowList(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(origins);
  return async function corsAllowList(c, next) {
    const origin = requestHeader(c, 'origin');
    const listed = origin !== undefined && allowed.has(origin);
    if (c.req.method === 'OPTIONS' && requestHeader(c, 'access-control-request-method') !== undefined) {
      const headers = new Headers({ Vary: 'Origin' });
      if (listed) {
        headers.set('Access-Control-Allow-Origin', origin);
        headers.set('Access-Control-Allow-Credentials', 'true');
        headers.set('Access-Control-Allow-Methods', ALLOW_METHODS);
        headers.set('Access-Control-Allow-Headers', ALLOW_HEADERS);
        headers.set('Access-Control-Max-Age', '600');
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    c.res.headers.append('Vary', 'Origin');
    if (listed) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Allow-Credentials', 'true');
      c.res.headers.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
  };
}
