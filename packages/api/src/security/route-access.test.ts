import { AppError, type Permission, type Role, roleHasPermission, roleNames } from '@lucent/shared';
import { TRPCError } from '@trpc/server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../app/app-env.js';
import { audited } from '../modules/audit/route-audit.js';
import { createTestApp, type TestApp, type TestLogin } from '../testing/test-app.test-util.js';
import { appRouter } from '../trpc/app-router.js';
import { createCallerFactory } from '../trpc/trpc.js';
import {
  type DeclaredEndpoint,
  describeAccess,
  needsAudit,
  restEndpoints,
  trpcProcedures,
} from './access-inventory.js';
import { requirePermission } from './route-access.js';

/** A value each path parameter accepts, so the request gets past parsing to the access check and beyond. */
const PARAMETER_VALUES: Record<string, string> = {
  uid: '1.2.826.0.1.3680043.8.498.1',
  study: '1.2.826.0.1.3680043.8.498.2',
  series: '1.2.826.0.1.3680043.8.498.3',
  instance: '1.2.826.0.1.3680043.8.498.4',
  frame: '1',
  frames: '1',
  id: '00000000-0000-4000-8000-000000000000',
  role: 'viewer',
};

/** A concrete URL for a route path; `*` (the tRPC transport) gets a procedure that does not exist. */
function concretePath(path: string): string {
  return path
    .replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_, name: string) => {
      const value = PARAMETER_VALUES[name];
      if (value === undefined) throw new Error(`route-access test: no sample value for :${name} in ${path}`);
      return value;
    })
    .replace(/\*$/, 'no.such.procedure');
}

const createCaller = createCallerFactory(appRouter);

async function trpcErrorCode(call: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    if (error instanceof TRPCError && error.cause instanceof AppError) return error.cause.code;
    if (error instanceof TRPCError) return `trpc:${error.code}`;
    throw error;
  }
}

/** Call a procedure by dotted path through a caller, with no input (access is checked before input). */
function callProcedure(caller: unknown, path: string): Promise<unknown> {
  let target = caller as Record<string, unknown>;
  for (const part of path.split('.')) target = target[part] as Record<string, unknown>;
  return (target as unknown as (input?: unknown) => Promise<unknown>)(undefined);
}

describe('every route and procedure declares its access', () => {
  let app: TestApp;
  let rest: DeclaredEndpoint[];
  const trpc = trpcProcedures(appRouter);
  const identities = new Map<Role, TestLogin>();

  beforeAll(async () => {
    app = await createTestApp();
    rest = restEndpoints(app.app);
    for (const role of roleNames) identities.set(role, await app.login({ roles: [role] }));
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('finds the routes and procedures to check', () => {
    expect(rest.length).toBeGreaterThan(30);
    expect(rest.some((route) => route.path === '/dicomweb/studies' && route.method === 'GET')).toBe(true);
    expect(trpc.map((procedure) => procedure.path)).toContain('studies.search');
  });

  it('fails naming every route and procedure without a declaration', () => {
    const undeclared = [...rest, ...trpc]
      .filter((endpoint) => endpoint.access === undefined)
      .map((endpoint) => `${endpoint.kind} ${endpoint.method} ${endpoint.path}`);
    expect(undeclared).toEqual([]);
  });

  it('answers 401 UNAUTHENTICATED without an identity, except on public routes', async () => {
    const failures: string[] = [];
    for (const route of rest) {
      const response = await app.app.request(concretePath(route.path), {
        method: route.method === 'ALL' ? 'GET' : route.method,
        anonymous: true,
      });
      const isPublic = route.access !== undefined && 'public' in route.access;
      const ok = isPublic ? response.status !== 401 && response.status !== 403 : response.status === 401;
      if (!ok) failures.push(`${route.method} ${route.path} (${describeAccess(route.access)}) → ${response.status}`);
      await response.body?.cancel();
    }
    expect(failures).toEqual([]);
  });

  it('lets each role through exactly the REST routes its permissions allow (403 FORBIDDEN otherwise)', async () => {
    const failures: string[] = [];
    for (const route of rest) {
      const access = route.access;
      if (access === undefined || !('permission' in access)) continue;
      for (const role of roleNames) {
        const allowed = roleHasPermission(role, access.permission as Permission);
        const response = await app.app.request(concretePath(route.path), {
          method: route.method,
          headers: identities.get(role)?.headers ?? {},
        });
        const body = response.status === 403 ? ((await response.json()) as { error?: { code?: string } }) : null;
        if (body === null) await response.body?.cancel();
        const ok = allowed
          ? response.status !== 403 && response.status !== 401
          : response.status === 403 && body?.error?.code === 'FORBIDDEN';
        if (!ok) failures.push(`${role} ${route.method} ${route.path} (${access.permission}) → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets each role call exactly the procedures its permissions allow', async () => {
    const failures: string[] = [];
    for (const procedure of trpc) {
      const access = procedure.access;
      const anonymous = await trpcErrorCode(() =>
        callProcedure(createCaller({ services: app.services, requestId: 'access', auth: null }), procedure.path),
      );
      if (access !== undefined && !('public' in access) && anonymous !== 'UNAUTHENTICATED')
        failures.push(`anonymous ${procedure.path} → ${anonymous}`);
      if (access === undefined || !('permission' in access)) continue;
      for (const role of roleNames) {
        const context = await app.trpcContext(identities.get(role));
        const code = await trpcErrorCode(() => callProcedure(createCaller(context), procedure.path));
        const allowed = roleHasPermission(role, access.permission);
        const ok = allowed ? code !== 'FORBIDDEN' && code !== 'UNAUTHENTICATED' : code === 'FORBIDDEN';
        if (!ok) failures.push(`${role} ${procedure.path} (${access.permission}) → ${code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('fails naming every route that reads or writes patient data (or the trail) without an audit declaration', () => {
    const unaudited = rest
      .filter((route) => needsAudit(route.access) && route.audit === undefined)
      .map((route) => `${route.method} ${route.path} (${describeAccess(route.access)})`);
    expect(unaudited).toEqual([]);
    const audited = new Map(rest.map((route) => [`${route.method} ${route.path}`, route.audit]));
    expect(audited.get('GET /dicomweb/studies')).toBe('study.search');
    expect(audited.get('GET /api/v1/images/:uid/thumbnail')).toBe('image.read');
    expect(audited.get('POST /api/v1/instances')).toBe('instances.ingest');
    expect(audited.get('GET /api/v1/images/cache-stats')).toBeUndefined();
  });

  it('tells a patient-data route without an audit declaration from one with it', () => {
    const probe = new Hono<AppEnv>();
    const ok = (c: { text(body: string): Response }) => c.text('ok');
    probe.get('/bare/:uid', requirePermission('studies:read'), ok);
    probe.get(
      '/audited/:uid',
      requirePermission('studies:read'),
      audited({ action: 'probe.read', resource: () => ({ type: 'probe', id: null }) }),
      ok,
    );
    probe.get('/staff', requirePermission('users:read'), ok);
    const unaudited = restEndpoints(probe).filter((route) => needsAudit(route.access) && route.audit === undefined);
    expect(unaudited.map((route) => route.path)).toEqual(['/bare/:uid']);
  });

  it('writes the declared audit entry for every audited route, for refused requests too', async () => {
    const failures: string[] = [];
    for (const route of rest) {
      if (route.audit === undefined) continue;
      const response = await app.app.request(concretePath(route.path), { method: route.method, anonymous: true });
      await response.body?.cancel();
      await app.services.audit.flush();
      const requestId = response.headers.get('x-request-id');
      const { items } = await app.services.audit.search(
        { action: route.audit, limit: 20, offset: 0, order: 'desc' },
        { kind: 'all' },
      );
      const row = items.find((item) => item.requestId === requestId);
      if (row?.outcome !== 'denied' || row.userId !== null)
        failures.push(`${route.method} ${route.path} (${route.audit}) → ${row === undefined ? 'no row' : row.outcome}`);
    }
    expect(failures).toEqual([]);
  });

  it('needs studies:write besides studies:upload to overwrite an instance', async () => {
    const response = await app.app.request('/api/v1/instances?overwrite=true', {
      method: 'POST',
      headers: { ...identities.get('radiographer')?.headers, 'content-type': 'application/dicom' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(response.status).toBe(403);
    const admin = await app.app.request('/api/v1/instances?overwrite=true', {
      method: 'POST',
      headers: { ...identities.get('facility_admin')?.headers, 'content-type': 'application/dicom' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(admin.status).not.toBe(403);
    expect(admin.status).toBeLessThan(500);
  });
});
