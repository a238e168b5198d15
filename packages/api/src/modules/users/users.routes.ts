import {
  Role,
  UserAssignRolesInput,
  UserCreateInput,
  UserGetInput,
  UserListInput,
  UserUpdateFields,
} from '@lucent/shared';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { readJson } from '../../http/read-json.js';
import { requestOriginOf } from '../../security/request-origin.js';
import { requirePermission } from '../../security/route-access.js';
import type { AdminActor } from './users-admin.service.js';

/** requirePermission ran first: the caller is known. */
const actorOf = (c: Context<AppEnv>): AdminActor => ({
  auth: c.get('auth') as NonNullable<AppEnv['Variables']['auth']>,
  origin: requestOriginOf(c),
});
const idOf = (c: Context<AppEnv>) => UserGetInput.parse({ id: c.req.param('id') }).id;

/** REST user management under /api/v1/users (the same rules as the users.* procedures). */
export function usersRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', requirePermission('users:read'), async (c) =>
    c.json(await c.get('services').usersAdmin.list(UserListInput.parse(c.req.query()), actorOf(c))),
  );
  routes.post('/', requirePermission('users:write'), async (c) =>
    c.json(await c.get('services').usersAdmin.create(UserCreateInput.parse(await readJson(c)), actorOf(c)), 201),
  );
  routes.get('/:id', requirePermission('users:read'), async (c) =>
    c.json(await c.get('services').usersAdmin.get(idOf(c), actorOf(c))),
  );
  routes.patch('/:id', requirePermission('users:write'), async (c) => {
    const fields = UserUpdateFields.parse(await readJson(c));
    return c.json(await c.get('services').usersAdmin.update({ id: idOf(c), fields }, actorOf(c)));
  });
  routes.post('/:id/deactivate', requirePermission('users:write'), async (c) =>
    c.json(await c.get('services').usersAdmin.deactivate(idOf(c), actorOf(c))),
  );
  routes.post('/:id/roles', requirePermission('roles:assign'), async (c) => {
    const body = (await readJson(c)) as Record<string, unknown>;
    const { id, roles } = UserAssignRolesInput.parse({ ...body, id: c.req.param('id') });
    return c.json(await c.get('services').usersAdmin.assignRoles(id, roles, actorOf(c)));
  });
  routes.delete('/:id/roles/:role', requirePermission('roles:assign'), async (c) => {
    const role = Role.parse(c.req.param('role'));
    return c.json(await c.get('services').usersAdmin.unassignRole(idOf(c), role, actorOf(c)));
  });
  return routes;
}
