import { AppError, type Permission } from '@lucent/shared';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app/app-env.js';

/**
 * What a REST/DICOMweb route demands: a permission; any signed-in user (their own session, profile,
 * password — with the reason); or nothing (public, with the reason why).
 */
export type RouteAccess = { permission: Permission } | { authenticated: string } | { public: string };

const declarations = new WeakMap<MiddlewareHandler<AppEnv>, RouteAccess>();

/** The access a route handler declares (undefined: none — the route-access test fails on such routes). */
export function routeAccessOf(handler: unknown): RouteAccess | undefined {
  return typeof handler === 'function' ? declarations.get(handler as MiddlewareHandler<AppEnv>) : undefined;
}

/**
 * First handler of every protected route: 401 without an identity (UNAUTHENTICATED, or why the given
 * credential was refused: TOKEN_EXPIRED, SESSION_REVOKED, CSRF_FAILED…), 403 FORBIDDEN
 * without the permission. Facility scoping is the service's job (another facility's data answers 404).
 */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  const handler: MiddlewareHandler<AppEnv> = async function requirePermission(c, next) {
    const auth = c.get('auth');
    if (auth === null) throw c.get('authError') ?? new AppError('UNAUTHENTICATED');
    if (!auth.permissions.has(permission)) throw new AppError('FORBIDDEN');
    await next();
  };
  declarations.set(handler, { permission });
  return handler;
}

/** First handler of a route any signed-in user may call about themselves (me, logout, own sessions). */
export function requireSession(reason: string): MiddlewareHandler<AppEnv> {
  const handler: MiddlewareHandler<AppEnv> = async function requireSession(c, next) {
    if (c.get('auth') === null) throw c.get('authError') ?? new AppError('UNAUTHENTICATED');
    await next();
  };
  declarations.set(handler, { authenticated: reason });
  return handler;
}

/** First handler of a route anyone may call (health probes, login, JWKS): says so, with the reason. */
export function publicRoute(reason: string): MiddlewareHandler<AppEnv> {
  const handler: MiddlewareHandler<AppEnv> = async function publicRoute(_c, next) {
    await next();
  };
  declarations.set(handler, { public: reason });
  return handler;
}
