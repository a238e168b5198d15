import type { Permission } from './permission.schema.js';
import { permissionNames } from './permission.schema.js';
import type { Role } from './role.schema.js';

/**
 * The single source of who may do what: the API enforces it and docs/security.md is generated from it
 * (a test keeps them equal). system_admin holds every permission, including `facilities:all`.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  system_admin: permissionNames,
  facility_admin: [
    'users:read',
    'users:write',
    'roles:assign',
    'sessions:manage',
    'studies:read',
    'studies:write',
    'studies:delete',
    'studies:upload',
    'phi:read',
    'patients:read',
    'reports:read',
    'exports:create',
    'exports:download',
    'bulk:operate',
    'bulk:assign',
    'audit:read',
  ],
  radiologist: [
    'studies:read',
    'studies:write',
    'phi:read',
    'patients:read',
    'orders:read',
    'reports:read',
    'reports:write',
    'reports:sign',
    'exports:create',
    'exports:download',
    'bulk:assign',
  ],
  radiographer: ['orders:read', 'orders:write', 'studies:upload', 'studies:read', 'phi:read', 'patients:read'],
  doctor: [
    'patients:read',
    'patients:write',
    'orders:read',
    'orders:write',
    'studies:read',
    'reports:read',
    'history:read',
    'phi:read',
  ],
  nurse: [
    'patients:read',
    'patients:write',
    'history:read',
    'history:write',
    'assignments:write',
    'studies:read',
    'phi:read',
  ],
  viewer: ['studies:read', 'exports:download'],
};

/** Permission sets already built, per role list (every authenticated request asks for one). */
const permissionSets = new Map<string, ReadonlySet<Permission>>();
/** Role lists are few (7 roles); the bound only guards against callers inventing orderings without end. */
const PERMISSION_SETS_KEPT = 512;

/** The union of the roles' permissions; the same (shared, read-only) set for the same role list. */
export function permissionsForRoles(roles: readonly Role[]): ReadonlySet<Permission> {
  const key = roles.join(',');
  const known = permissionSets.get(key);
  if (known !== undefined) return known;
  const granted = new Set<Permission>();
  for (const role of roles) for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  if (permissionSets.size < PERMISSION_SETS_KEPT) permissionSets.set(key, granted);
  return granted;
}

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
