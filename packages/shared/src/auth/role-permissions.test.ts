import { describe, expect, it } from 'vitest';
import { permissionNames } from './permission.schema.js';
import { roleNames } from './role.schema.js';
import { permissionsForRoles, ROLE_PERMISSIONS, roleHasPermission } from './role-permissions.js';

describe('role permissions', () => {
  it('gives system_admin every permission and nobody else facilities:all', () => {
    expect([...permissionsForRoles(['system_admin'])].sort()).toEqual([...permissionNames].sort());
    for (const role of roleNames.filter((name) => name !== 'system_admin'))
      expect(roleHasPermission(role, 'facilities:all')).toBe(false);
  });

  it('lists each permission once per role, and only known permissions', () => {
    for (const role of roleNames) {
      const granted = ROLE_PERMISSIONS[role];
      expect(new Set(granted).size).toBe(granted.length);
      for (const permission of granted) expect(permissionNames).toContain(permission);
    }
  });

  it('keeps viewers away from patient identifiers and writes', () => {
    const viewer = permissionsForRoles(['viewer']);
    expect(viewer.has('studies:read')).toBe(true);
    expect(viewer.has('phi:read')).toBe(false);
    expect(viewer.has('studies:upload')).toBe(false);
  });

  it('unions the permissions of several roles', () => {
    const both = permissionsForRoles(['viewer', 'radiographer']);
    expect(both.has('studies:upload')).toBe(true);
    expect(both.has('exports:download')).toBe(true);
    expect(both.has('reports:sign')).toBe(false);
  });

  it('builds the set once per role list and answers the same set afterwards', () => {
    const first = permissionsForRoles(['radiologist', 'nurse']);
    expect(permissionsForRoles(['radiologist', 'nurse'])).toBe(first);
    expect([...permissionsForRoles(['nurse', 'radiologist'])].sort()).toEqual([...first].sort());
    expect(permissionsForRoles(['nurse'])).not.toBe(first);
  });
});
