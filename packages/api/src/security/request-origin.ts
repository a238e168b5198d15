import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from '../app/app-env.js';
import { requestHeader } from '../http/request-header.js';
import type { RequestOrigin } from './auth-context.js';

/** The client's address (the socket's; proxies are not trusted) and user agent. */
export function requestOriginOf(c: Context<AppEnv>): RequestOrigin {
  let ip = 'unknown';
  try {
    ip = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
  }
  return { ip, userAgent: requestHeader(c, 'user-agent') ?? null, requestId: c.get('requestId') };
}
