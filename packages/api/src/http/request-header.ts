import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * A request header's value, as `Headers.get` gives it (repeated headers joined with ", "), or
 * undefined. On @hono/node-server it is read from the Node request: Hono's `c.req.header()` builds a
 * whole WHATWG Request with a validated Headers copy of every header on first use, a tenth of a
 * cached image's cost. Elsewhere (app.request() in tests, other runtimes) the request's own headers.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const distinct = incoming?.headersDistinct;
  if (distinct === undefined) return c.req.header(name);
  return distinct[name.toLowerCase()]?.join(', ');
}
