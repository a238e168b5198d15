import {
  AppError,
  type Role,
  type UserCreateInput,
  UserListInput,
  type UserListResult,
  type UserProfile,
  type UserUpdateInput,
} from '@lucent/shared';
import type { Knex } from '@mikro-orm/postgresql';
import type { Database } from '../../db/open-database.js';
import { type AuthContext, facilityScopeOf, type RequestOrigin } from '../../security/auth-context.js';
import { canSee, whereInScope } from '../../security/facility-scope.js';
import type { SecurityEvents } from '../../security/security-events.js';
import type { SessionsService } from '../../security/sessions/sessions.service.js';
import { type UserRecord, type UserRow, userColumns, userProfileOf, userRecordOf } from './user-rows.js';
import { normalizeEmail, type UsersService } from './users.service.js';

/** The administrator acting, and from where. */
export interface AdminActor {
  auth: AuthContext;
  origin: RequestOrigin | null;
}

/**
 * User management for administrators (users.* procedures, /api/v1/users). Rules: a caller without
 * `facilities:all` (a facility administrator) sees and manages only its facility's users (others
 * answer 404), never grants system_admin, never touches a system administrator, never moves users
 * between facilities; nobody changes their own roles or deactivates themselves. Deactivation and
 * role changes end the user's sessions at once.
 */
export interface UsersAdminService {
  list(input: UserListInput, actor: AdminActor): Promise<UserListResult>;
  get(id: string, actor: AdminActor): Promise<UserProfile>;
  create(input: UserCreateInput, actor: AdminActor): Promise<UserProfile>;
  update(input: UserUpdateInput, actor: AdminActor): Promise<UserProfile>;
  deactivate(id: string, actor: AdminActor): Promise<UserProfile>;
  assignRoles(id: string, roles: readonly Role[], actor: AdminActor): Promise<UserProfile>;
  unassignRole(id: string, role: Role, actor: AdminActor): Promise<UserProfile>;
}

const seesAll = (actor: AdminActor) => actor.auth.permissions.has('facilities:all');

function forbidden(message: string): AppError {
  return new AppError('FORBIDDEN', { message });
}

export function createUsersAdminService(deps: {
  db: Database;
  users: UsersService;
  sessions: SessionsService;
  events: SecurityEvents;
}): UsersAdminService {
  const { users, sessions, events } = deps;
  const knex: Knex = deps.db.knex;

  /** The target user, or 404 when unknown or outside the actor's facility. */
  async function target(id: string, actor: AdminActor): Promise<UserRecord> {
    const user = await users.findById(id);
    if (user === null || !canSee(facilityScopeOf(actor.auth), user.facilityId)) {
      throw new AppError('NOT_FOUND', { message: 'No such user' });
    }
    return user;
  }

  /** May the actor manage this user at all (beyond seeing them)? */
  function assertManageable(user: UserRecord, actor: AdminActor): void {
    if (!seesAll(actor) && user.roles.includes('system_admin'))
      throw forbidden('Only a system administrator manages system administrators');
  }

  function assertGrantable(roles: readonly Role[], actor: AdminActor): void {
    if (!seesAll(actor) && roles.includes('system_admin'))
      throw forbidden('Only a system administrator grants system_admin');
  }

  function assertFacility(facilityId: string, actor: AdminActor): void {
    if (!canSee(facilityScopeOf(actor.auth), facilityId))
      throw forbidden('Users can only be placed in your own facility');
  }

  const by = (actor: AdminActor) => ({ userId: actor.auth.userId, origin: actor.origin });

  async function setRoles(user: UserRecord, roles: readonly Role[], actor: AdminActor): Promise<UserProfile> {
    if (user.id === actor.auth.userId) throw forbidden('You cannot change your own roles');
    assertManageable(user, actor);
    const next = [...new Set(roles)];
    if (next.length === 0) throw new AppError('VALIDATION_FAILED', { message: 'A user keeps at least one role' });
    await knex('app_user').where('id', user.id).update({ roles: next, updated_at: knex.fn.now() });
    // Tokens carry roles: end the sessions so the change applies at once.
    await sessions.endAllForUser(user.id, 'revoke_all', by(actor));
    events.emit({
      type: 'roles.changed',
      userId: user.id,
      email: user.email,
      sessionId: null,
      origin: actor.origin,
      byUserId: actor.auth.userId,
      before: user.roles,
      after: next,
    });
    return userProfileOf(await target(user.id, actor));
  }

  return {
    async list(raw, actor) {
      const input = UserListInput.parse(raw);
      const scope = seesAll(actor)
        ? input.facilityId === undefined
          ? facilityScopeOf(actor.auth)
          : { kind: 'facility' as const, facilityId: input.facilityId }
        : facilityScopeOf(actor.auth);
      const filtered = () => {
        const query = whereInScope(
          knex({ u: 'app_user' }).join({ f: 'facility' }, 'f.id', 'u.facility_id'),
          scope,
          'u.facility_id',
        );
        if (input.email !== undefined)
          query.whereRaw(`u.email like ? escape '\\'`, [`%${normalizeEmail(input.email).replace(/[\\%_]/g, '\\$&')}%`]);
        if (input.role !== undefined) query.whereRaw('? = any(u.roles)', [input.role]);
        if (input.active !== undefined) query.where('u.active', input.active);
        return query;
      };
      const [rows, counted] = await Promise.all([
        filtered()
          .select(userColumns)
          .orderBy([
            { column: 'u.created_at', order: 'desc' },
            { column: 'u.id', order: 'asc' },
          ])
          .limit(input.limit)
          .offset(input.offset) as Promise<UserRow[]>,
        filtered().count({ total: '*' }) as Promise<Array<{ total: string | number }>>,
      ]);
      return {
        total: Number(counted[0]?.total ?? 0),
        limit: input.limit,
        offset: input.offset,
        items: rows.map((row) => userProfileOf(userRecordOf(row))),
      };
    },

    async get(id, actor) {
      return userProfileOf(await target(id, actor));
    },

    async create(input, actor) {
      const facilityId = input.facilityId ?? actor.auth.facilityId;
      assertFacility(facilityId, actor);
      assertGrantable(input.roles, actor);
      const user = await users.create(
        {
          email: input.email,
          password: input.password,
          roles: input.roles,
          facilityId,
          ...(input.displayName === undefined ? {} : { displayName: input.displayName }),
        },
        by(actor),
      );
      return userProfileOf(user);
    },

    async update({ id, fields }, actor) {
      const user = await target(id, actor);
      assertManageable(user, actor);
      if (fields.facilityId !== undefined && fields.facilityId !== user.facilityId) {
        if (!seesAll(actor)) throw forbidden('Only a system administrator moves users between facilities');
        const facility = await knex('facility').select('id').where('id', fields.facilityId).first();
        if (facility === undefined) throw new AppError('NOT_FOUND', { message: 'No such facility' });
      }
      const columns: Record<string, unknown> = {};
      if (fields.displayName !== undefined) columns.display_name = fields.displayName;
      if (fields.email !== undefined) {
        const email = normalizeEmail(fields.email);
        if (!/^[^\s@]+@[^\s@]+$/.test(email))
          throw new AppError('VALIDATION_FAILED', { message: 'The email is malformed' });
        columns.email = email;
      }
      if (fields.facilityId !== undefined) columns.facility_id = fields.facilityId;
      try {
        await knex('app_user')
          .where('id', id)
          .update({ ...columns, updated_at: knex.fn.now() });
      } catch (error) {
        if ((error as { code?: string }).code === '23505')
          throw new AppError('CONFLICT', { message: 'A user with this email exists' });
        throw error;
      }
      // A new facility changes what the tokens allow: sign the user out.
      if (columns.facility_id !== undefined && fields.facilityId !== user.facilityId)
        await sessions.endAllForUser(id, 'revoke_all', by(actor));
      events.emit({
        type: 'user.updated',
        userId: user.id,
        email: user.email,
        sessionId: null,
        origin: actor.origin,
        byUserId: actor.auth.userId,
        fields: Object.keys(fields).filter((key) => fields[key as keyof typeof fields] !== undefined),
      });
      return userProfileOf(await target(id, actor));
    },

    async deactivate(id, actor) {
      const user = await target(id, actor);
      if (user.id === actor.auth.userId) throw forbidden('You cannot deactivate yourself');
      assertManageable(user, actor);
      const updated = await users.setActive(id, false);
      await sessions.endAllForUser(id, 'revoke_all', by(actor));
      events.emit({
        type: 'user.deactivated',
        userId: user.id,
        email: user.email,
        sessionId: null,
        origin: actor.origin,
        byUserId: actor.auth.userId,
      });
      return userProfileOf(updated);
    },

    async assignRoles(id, roles, actor) {
      const user = await target(id, actor);
      assertGrantable(roles, actor);
      return setRoles(user, [...user.roles, ...roles], actor);
    },

    async unassignRole(id, role, actor) {
      const user = await target(id, actor);
      return setRoles(
        user,
        user.roles.filter((held) => held !== role),
        actor,
      );
    },
  };
}
