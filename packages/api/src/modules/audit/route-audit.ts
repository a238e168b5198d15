import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../../app/app-env.js';

/** One image read (thumbnail, rendered frame, pixels…), before it joins the user's per-study window. */
export interface ImageReadTarget {
  view: string;
  sopInstanceUid?: string;
  studyInstanceUid?: string;
  /** 1-based frame numbers. */
  frames?: number[];
}

/** What one REST/DICOMweb request is, for the audit trail. */
export type RouteAuditTarget =
  | { kind: 'entry'; action: string; resourceType: string; resourceId: string | null; details: Record<string, unknown> }
  | ({ kind: 'image' } & ImageReadTarget)
  | { kind: 'ingest'; via: string };

/** A route's audit declaration: the action its rows carry, and the target of one request. */
export interface RouteAudit {
  action: string;
  target(c: Context<AppEnv>): RouteAuditTarget;
}

/** An entry of its own per request. Everything taken from the request must be an identifier (a UID, a name of a parameter): never a patient name, ID or birth date. */
export interface AuditedEntry {
  action: string;
  resource(c: Context<AppEnv>): { type: string; id: string | null };
  details?(c: Context<AppEnv>): Record<string, unknown>;
}

const declarations = new WeakMap<MiddlewareHandler<AppEnv>, RouteAudit>();

/** The audit a route handler declares (undefined: none). */
export function routeAuditOf(handler: unknown): RouteAudit | undefined {
  return typeof handler === 'function' ? declarations.get(handler as MiddlewareHandler<AppEnv>) : undefined;
}

/**
 * A route's audit declaration, placed after its access declaration. It does nothing when it runs:
 * the audit trail middleware (which runs before authentication, so refused requests are recorded
 * too) finds it among the handlers of the route the request matched.
 */
function declare(audit: RouteAudit): MiddlewareHandler<AppEnv> {
  const handler: MiddlewareHandler<AppEnv> = async function audited(_c, next) {
    await next();
  };
  declarations.set(handler, audit);
  return handler;
}

/** Each request writes one `action` row about the resource `resource(c)` names, with `details(c)` and the status. */
export function audited(entry: AuditedEntry): MiddlewareHandler<AppEnv> {
  return declare({
    action: entry.action,
    target: (c) => {
      const resource = entry.resource(c);
      return {
        kind: 'entry',
        action: entry.action,
        resourceType: resource.type,
        resourceId: resource.id,
        details: entry.details?.(c) ?? {},
      };
    },
  });
}

/** Each request is an image read, gathered per user and study into one `image.read` row. */
export function auditedImageRead(read: (c: Context<AppEnv>) => ImageReadTarget): MiddlewareHandler<AppEnv> {
  return declare({ action: 'image.read', target: (c) => ({ kind: 'image', ...read(c) }) });
}

/** Each request is an upload: one `instances.ingest` row listing what it stored (`via`: rest, stow). */
export function auditedIngest(via: string): MiddlewareHandler<AppEnv> {
  return declare({ action: 'instances.ingest', target: () => ({ kind: 'ingest', via }) });
}

/** `app.use(...)` middleware is listed as method ALL on `/*`; the first other entry is the route that answers. */
const isGlobalMiddleware = (route: { method: string; path: string }) => route.method === 'ALL' && route.path === '/*';

/**
 * The audit target of the request `c` is for: the declaration among the handlers of the route it
 * matched, evaluated with that route's path parameters (so it is known before authentication, rate
 * limits or the route itself run). Undefined when the route declares none or no route matched.
 */
export function requestAuditTarget(c: Context<AppEnv>): RouteAuditTarget | undefined {
  const routes = matchedRoutes(c);
  const first = routes.findIndex((route) => !isGlobalMiddleware(route));
  const route = routes[first];
  if (route === undefined) return undefined;
  for (let index = first; index < routes.length; index++) {
    const handler = routes[index];
    if (handler === undefined || handler.method !== route.method || handler.path !== route.path) break;
    const audit = routeAuditOf(handler.handler);
    if (audit !== undefined) return targetAt(c, index, audit);
  }
  return undefined;
}

/** `c.req.param()` answers for the handler at `c.req.routeIndex`: point it at the declaring handler meanwhile. */
function targetAt(c: Context<AppEnv>, index: number, audit: RouteAudit): RouteAuditTarget {
  const current = c.req.routeIndex;
  c.req.routeIndex = index;
  try {
    return audit.target(c);
  } finally {
    c.req.routeIndex = current;
  }
}
