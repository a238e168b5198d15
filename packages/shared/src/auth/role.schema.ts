import { z } from 'zod';

/** The clinical and administrative roles (issue 4). A user holds one or more. */
export const Role = z.enum([
  'system_admin',
  'facility_admin',
  'radiologist',
  'radiographer',
  'doctor',
  'nurse',
  'viewer',
]);
export type Role = z.infer<typeof Role>;

export const roleNames: readonly Role[] = Role.options;
