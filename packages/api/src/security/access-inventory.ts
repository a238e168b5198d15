import type { Hono } from 'hono';
import type { AppEnv } from '../app/app-env.js';
import type { ProcedureAccess } from '../trpc/trpc.js';
import { type RouteAccess, routeAccessOf } from './route-access.js';

/** One REST/DICOMweb route (method + path) or tRPC procedure, and what it declares (undefined: nothing). */
export interface DeclaredEndpoint {
  kind: 'rest' | 'trpc';
  /** HTTP method (REST), `query`/`mutation`/`subscription` (tRPC). */
  method: string;
  /** Route path with Hono's `:param` / `*`, or the procedure's dotted path. */
  path: string;
  access: RouteAccess | ProcedureAccess | undefined;
}

/** Hono lists `app.use(...)` middleware as method ALL on `/*`; every other entry belongs to a route. */
const isGlobalMiddleware = (method: string, path: string) => method === 'ALL' && path === '/*';

/**
 * Every route of the app, grouped by method + path (Hono lists each handler of a route separately);
 * the declaration is the FIRST handler's, so a route whose first handler is anything else has none.
 */
export function restEndpoints(app: Hono<AppEnv>): DeclaredEndpoint[] {
  const endpoints = new Map<string, DeclaredEndpoint>();
  for (const route of app.routes) {
    if (isGlobalMiddleware(route.method, route.path)) continue;
    const key = `${route.method} ${route.path}`;
    if (endpoints.has(key)) continue;
    endpoints.set(key, { kind: 'rest', method: route.method, path: route.path, access: routeAccessOf(route.handler) });
  }
  return [...endpoints.values()];
}

interface ProcedureLike {
  _def: { type?: string; meta?: { access?: ProcedureAccess } };
}
interface RouterLike {
  _def: { procedures: Record<string, unknown> };
}

/** Every procedure of a tRPC router (flattened dotted paths) with its `meta.access`. */
export function trpcProcedures(router: RouterLike): DeclaredEndpoint[] {
  return Object.entries(router._def.procedures).map(([path, procedure]) => {
    const def = (procedure as ProcedureLike)._def;
    return { kind: 'trpc', method: def.type ?? 'unknown', path, access: def.meta?.access };
  });
}

/** A declaration in words, for failures and docs: a permission, "signed in (reason)" or "public (reason)". */
export function describeAccess(access: RouteAccess | ProcedureAccess | undefined): string {
  if (access === undefined) return 'UNDECLARED';
  if ('permission' in access) return access.permission;
  if ('authenticated' in access) return `any signed-in user (${access.authenticated})`;
  return `public (${access.public})`;
}
