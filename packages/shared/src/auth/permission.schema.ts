import { z } from 'zod';

/**
 * Every permission, as `resource:action`. Routes and procedures declare one of these; the role table
 * (role-permissions.ts) grants them. `facilities:all` lifts facility isolation; `phi:read` unmasks
 * patient identifiers in responses.
 */
export const Permission = z.enum([
  'studies:read',
  'studies:write',
  'studies:delete',
  'studies:upload',
  'phi:read',
  'reports:read',
  'reports:write',
  'reports:sign',
  'orders:read',
  'orders:write',
  'patients:read',
  'patients:write',
  'history:read',
  'history:write',
  'assignments:write',
  'exports:create',
  'exports:download',
  'bulk:operate',
  'bulk:assign',
  'users:read',
  'users:write',
  'roles:assign',
  'sessions:manage',
  'audit:read',
  'system:manage',
  'system:monitor',
  'facilities:all',
]);
export type Permission = z.infer<typeof Permission>;

export const permissionNames: readonly Permission[] = Permission.options;
