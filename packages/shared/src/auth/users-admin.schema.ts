import { z } from 'zod';
import { UserProfile } from './auth.schema.js';
import { Role } from './role.schema.js';

const UserId = z.string().uuid();

/** users.list / GET /api/v1/users: paginated, newest first; a facility administrator sees its facility only. */
export const UserListInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  /** Email contains (case-insensitive). */
  email: z.string().trim().min(1).max(320).optional(),
  role: Role.optional(),
  active: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]).optional(),
  /** Only for callers who see every facility; others are always limited to their own. */
  facilityId: z.string().uuid().optional(),
});
export type UserListInput = z.input<typeof UserListInput>;

export const UserListResult = z.object({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  items: z.array(UserProfile),
});
export type UserListResult = z.infer<typeof UserListResult>;

export const UserGetInput = z.object({ id: UserId });

export const UserCreateInput = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
  displayName: z.string().trim().min(1).max(200).optional(),
  roles: z.array(Role).min(1),
  /** Default: the caller's facility. Another facility needs `facilities:all`. */
  facilityId: z.string().uuid().optional(),
});
export type UserCreateInput = z.infer<typeof UserCreateInput>;

/** What an administrator may change besides roles and activation. */
export const UserUpdateFields = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    email: z.string().trim().min(3).max(320).optional(),
    /** Moving a user to another facility needs `facilities:all`. */
    facilityId: z.string().uuid().optional(),
  })
  .refine((fields) => Object.values(fields).some((value) => value !== undefined), {
    message: 'Nothing to update',
  });
export const UserUpdateInput = z.object({ id: UserId, fields: UserUpdateFields });
export type UserUpdateInput = z.infer<typeof UserUpdateInput>;

export const UserAssignRolesInput = z.object({ id: UserId, roles: z.array(Role).min(1) });
export const UserUnassignRoleInput = z.object({ id: UserId, role: Role });
