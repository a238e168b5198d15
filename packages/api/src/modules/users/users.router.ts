import {
  UserAssignRolesInput,
  UserCreateInput,
  UserGetInput,
  UserListInput,
  UserListResult,
  UserProfile,
  UserUnassignRoleInput,
  UserUpdateInput,
} from '@lucent/shared';
import type { AuthContext, RequestOrigin } from '../../security/auth-context.js';
import { protectedProcedure, router } from '../../trpc/trpc.js';

const actorOf = (ctx: { auth: AuthContext; origin?: RequestOrigin | undefined }) => ({
  auth: ctx.auth,
  origin: ctx.origin ?? null,
});

/** User management (facility administrators: their facility; system administrators: all). */
export const usersRouter = router({
  list: protectedProcedure('users:read')
    .input(UserListInput)
    .output(UserListResult)
    .query(({ ctx, input }) => ctx.services.usersAdmin.list(input, actorOf(ctx))),
  get: protectedProcedure('users:read')
    .input(UserGetInput)
    .output(UserProfile)
    .query(({ ctx, input }) => ctx.services.usersAdmin.get(input.id, actorOf(ctx))),
  create: protectedProcedure('users:write')
    .input(UserCreateInput)
    .output(UserProfile)
    .mutation(({ ctx, input }) => ctx.services.usersAdmin.create(input, actorOf(ctx))),
  update: protectedProcedure('users:write')
    .input(UserUpdateInput)
    .output(UserProfile)
    .mutation(({ ctx, input }) => ctx.services.usersAdmin.update(input, actorOf(ctx))),
  deactivate: protectedProcedure('users:write')
    .input(UserGetInput)
    .output(UserProfile)
    .mutation(({ ctx, input }) => ctx.services.usersAdmin.deactivate(input.id, actorOf(ctx))),
  assignRoles: protectedProcedure('roles:assign')
    .input(UserAssignRolesInput)
    .output(UserProfile)
    .mutation(({ ctx, input }) => ctx.services.usersAdmin.assignRoles(input.id, input.roles, actorOf(ctx))),
  unassignRole: protectedProcedure('roles:assign')
    .input(UserUnassignRoleInput)
    .output(UserProfile)
    .mutation(({ ctx, input }) => ctx.services.usersAdmin.unassignRole(input.id, input.role, actorOf(ctx))),
});
