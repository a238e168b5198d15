import { UserListResult, UserProfile } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityEvent } from '../../security/security-events.js';
import { errorCodeOf, jsonOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp, type TestLogin } from '../../testing/test-app.test-util.js';
import { appRouter } from '../../trpc/app-router.js';
import { createCallerFactory } from '../../trpc/trpc.js';

const STRONG = 'Lucent-Admin-Test-9!';
const createCaller = createCallerFactory(appRouter);

describe('users management', () => {
  let app: TestApp;
  let admin: TestLogin; // facility_admin of the default facility
  let northUser: TestLogin;
  const events: SecurityEvent[] = [];

  const send = (as: TestLogin, method: string, path: string, body?: unknown) =>
    app.app.request(`/api/v1/users${path}`, {
      method,
      headers: { ...as.headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const me = (as: TestLogin) => app.app.request('/api/v1/instances/1.2.3', { headers: as.headers });

  beforeAll(async () => {
    app = await createTestApp({ backend: 'embedded' });
    app.services.securityEvents.onAny((event) => {
      events.push(event);
    });
    admin = await app.login({ roles: ['facility_admin'] });
    northUser = await app.login({ roles: ['radiologist'], facilityCode: 'north' });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('lets a facility administrator list, filter and page only its own facility’s users', async () => {
    await app.login({ roles: ['viewer'], email: 'viewer.one@lucent.test' });
    const all = await jsonOf(await send(admin, 'GET', '?limit=100'), UserListResult);
    expect(all.items.every((user) => user.facilityId === app.facilityId)).toBe(true);
    expect(all.items.map((user) => user.id)).not.toContain(northUser.user.id);
    expect(all.total).toBe(all.items.length);
    const viewers = await jsonOf(await send(admin, 'GET', '?role=viewer&email=VIEWER.ONE'), UserListResult);
    expect(viewers.items.map((user) => user.email)).toEqual(['viewer.one@lucent.test']);
    const page = await jsonOf(await send(admin, 'GET', '?limit=1&offset=1'), UserListResult);
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(all.total);
    // Asking for another facility changes nothing for a facility administrator.
    const forced = await jsonOf(await send(admin, 'GET', `?facilityId=${northUser.user.facilityId}`), UserListResult);
    expect(forced.items.map((user) => user.id)).not.toContain(northUser.user.id);
    // The system administrator sees every facility.
    const system = await createCaller(await app.trpcContext()).users.list({ facilityId: northUser.user.facilityId });
    expect(system.items.map((user) => user.id)).toEqual([northUser.user.id]);
  });

  it('answers 404 for another facility’s user, whatever the operation', async () => {
    const id = northUser.user.id;
    expect((await send(admin, 'GET', `/${id}`)).status).toBe(404);
    expect((await send(admin, 'PATCH', `/${id}`, { displayName: 'x' })).status).toBe(404);
    expect((await send(admin, 'POST', `/${id}/deactivate`)).status).toBe(404);
    expect((await send(admin, 'POST', `/${id}/roles`, { roles: ['viewer'] })).status).toBe(404);
    expect((await send(admin, 'DELETE', `/${id}/roles/radiologist`)).status).toBe(404);
    expect((await me(northUser)).status).toBe(404); // still signed in: untouched
  });

  it('creates users in its own facility only, and never grants system_admin', async () => {
    const created = await send(admin, 'POST', '', {
      email: 'New.Nurse@Lucent.test',
      password: STRONG,
      roles: ['nurse'],
    });
    expect(created.status).toBe(201);
    const user = await jsonOf(created, UserProfile);
    expect(user).toMatchObject({ email: 'new.nurse@lucent.test', facilityId: app.facilityId, roles: ['nurse'] });
    expect(events.some((event) => event.type === 'user.created' && event.userId === user.id)).toBe(true);
    const elsewhere = await send(admin, 'POST', '', {
      email: 'elsewhere@lucent.test',
      password: STRONG,
      roles: ['nurse'],
      facilityId: northUser.user.facilityId,
    });
    expect(elsewhere.status).toBe(403);
    const escalate = await send(admin, 'POST', '', {
      email: 'root@lucent.test',
      password: STRONG,
      roles: ['system_admin'],
    });
    expect(escalate.status).toBe(403);
    expect(await errorCodeOf(escalate)).toBe('FORBIDDEN');
    const weak = await send(admin, 'POST', '', { email: 'weak@lucent.test', password: 'short', roles: ['nurse'] });
    expect(await errorCodeOf(weak)).toBe('WEAK_PASSWORD');
  });

  it('changes roles, ending the user’s sessions and recording roles.changed', async () => {
    const target = await app.login({ roles: ['viewer'] });
    expect((await me(target)).status).toBe(404);
    const assigned = await jsonOf(
      await send(admin, 'POST', `/${target.user.id}/roles`, { roles: ['nurse'] }),
      UserProfile,
    );
    expect(assigned.roles.sort()).toEqual(['nurse', 'viewer']);
    expect((await me(target)).status).toBe(401);
    const change = events.find((event) => event.type === 'roles.changed' && event.userId === target.user.id);
    expect(change).toMatchObject({ byUserId: admin.user.id, before: ['viewer'], after: ['viewer', 'nurse'] });
    const removed = await jsonOf(await send(admin, 'DELETE', `/${target.user.id}/roles/viewer`), UserProfile);
    expect(removed.roles).toEqual(['nurse']);
    const last = await send(admin, 'DELETE', `/${target.user.id}/roles/nurse`);
    expect(last.status).toBe(400);
    const grantRoot = await send(admin, 'POST', `/${target.user.id}/roles`, { roles: ['system_admin'] });
    expect(grantRoot.status).toBe(403);
  });

  it('refuses changes to one’s own roles and to system administrators', async () => {
    const own = await send(admin, 'POST', `/${admin.user.id}/roles`, { roles: ['radiologist'] });
    expect(own.status).toBe(403);
    expect((await send(admin, 'DELETE', `/${admin.user.id}/roles/facility_admin`)).status).toBe(403);
    const root = await app.services.users.findByEmail(app.admin.email);
    expect((await send(admin, 'POST', `/${root?.id}/deactivate`)).status).toBe(403);
    expect((await send(admin, 'DELETE', `/${root?.id}/roles/system_admin`)).status).toBe(403);
  });

  it('updates profile fields and records user.updated', async () => {
    const target = await app.login({ roles: ['doctor'] });
    const updated = await jsonOf(
      await send(admin, 'PATCH', `/${target.user.id}`, { displayName: 'Dr. Updated' }),
      UserProfile,
    );
    expect(updated.displayName).toBe('Dr. Updated');
    expect(events.find((event) => event.type === 'user.updated' && event.userId === target.user.id)).toMatchObject({
      fields: ['displayName'],
    });
    const move = await send(admin, 'PATCH', `/${target.user.id}`, { facilityId: northUser.user.facilityId });
    expect(move.status).toBe(403);
    expect((await send(admin, 'PATCH', `/${target.user.id}`, {})).status).toBe(400);
  });

  it('deactivates: sessions end at once, sign-in is refused, user.deactivated is recorded', async () => {
    const target = await app.login({ roles: ['nurse'] });
    const deactivated = await jsonOf(await send(admin, 'POST', `/${target.user.id}/deactivate`), UserProfile);
    expect(deactivated.active).toBe(false);
    expect((await me(target)).status).toBe(401);
    const login = await app.app.request('/api/v1/auth/login', {
      method: 'POST',
      anonymous: true,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: target.user.email, password: target.password }),
    });
    expect(login.status).toBe(401);
    expect(events.some((event) => event.type === 'user.deactivated' && event.userId === target.user.id)).toBe(true);
    expect((await send(admin, 'POST', `/${admin.user.id}/deactivate`)).status).toBe(403);
  });
});
