import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { requestHeader } from '../http/request-header.js';

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accept the caller's X-Request-Id when it is sane, otherwise make one; echo it on the response. */
export function requestId(options: { header?: string } = {}): MiddlewareHandler<{ Variables: { requestId: string } }> {
  const header = options.header ?? 'X-Request-Id';
  return async function requestId(c, next) {
    const given = requestHeader(c, header);
    const id = given !== undefined && VALID_ID.test(given) ? given : randomUUID();
    c.set('requestId', id);
    c.header(header, id);
    await next();
  };
}
