import type { Permission } from '@lucent/shared';
import type { Hono } from 'hono';
import type { AppEnv } from '../app/app-env.js';
import { routeAuditOf } from '../modules/audit/route-audit.js';
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
  /** REST: the action of the audit entry the route declares (`audited`, `auditedImageRead`, `auditedIngest`); undefined: none. */
  audit?: string | undefined;
}

/** Hono lists `app.use(...)` middleware as method ALL on `/*`; every other entry belongs to a route. */
const isGlobalMiddleware = (method: string, path: string) => method === 'ALL' && path === '/*';

/**
 * Every route of the app, grouped by method + path (Hono lists each handler of a route separately);
 * the access declaration is the FIRST handler's, so a route whose first handler is anything else has
 * none; the audit declaration may be any handler's.
 */
export function restEndpoints(app: Hono<AppEnv>): DeclaredEndpoint[] {
  const endpoints = new Map<string, DeclaredEndpoint>();
  for (const route of app.routes) {
    if (isGlobalMiddleware(route.method, route.path)) continue;
    const key = `${route.method} ${route.path}`;
    const audit = routeAuditOf(route.handler)?.action;
    const known = endpoints.get(key);
    if (known !== undefined) {
      known.audit ??= audit;
      continue;
    }
    endpoints.set(key, {
      kind: 'rest',
      method: route.method,
      path: route.path,
      access: routeAccessOf(route.handler),
      audit,
    });
  }
  return [...endpoints.values()];
}

/**
 * Whether a permission reaches patient data (or the audit trail, whose reading is recorded too): a
 * route needing one must declare its audit entry. A Record, so a new permission must be classified.
 */
const AUDITED: Readonly<Record<Permission, boolean>> = {
  'studies:read': true,
  'studies:write': true,
  'studies:delete': true,
  'studies:upload': true,
  'phi:read': true,
  'reports:read': true,
  'reports:write': true,
  'reports:sign': true,
  'orders:read': true,
  'orders:write': true,
  'patients:read': true,
  'patients:write': true,
  'history:read': true,
  'history:write': true,
  'assignments:write': true,
  'exports:create': true,
  'exports:download': true,
  'bulk:operate': true,
  'bulk:assign': true,
  'audit:read': true,
  // Identity and operations: recorded through the security events, or no patient data at all.
  'users:read': false,
  'users:write': false,
  'roles:assign': false,
  'sessions:manage': false,
  'system:manage': false,
  'system:monitor': false,
  'facilities:all': false,
};

/** Whether a route with this access reads or writes patient data (or the trail), so must be audited. */
export function needsAudit(access: RouteAccess | ProcedureAccess | undefined): boolean {
  return access !== undefined && 'permission' in access && AUDITED[access.permission];
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
