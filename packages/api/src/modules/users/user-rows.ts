import type { Role, UserProfile } from '@lucent/shared';

/** app_user joined with its facility's code, as the users service reads it. */
export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  facility_id: string;
  facility_code: string;
  roles: Role[];
  active: boolean;
  failed_logins: number;
  /** The driver answers timestamps as text or Date depending on the connection: dateOf reads both. */
  locked_until: Date | string | null;
  password_changed_at: Date | string;
  last_login_at: Date | string | null;
  created_at: Date | string;
}

const dateOf = (value: Date | string) => (value instanceof Date ? value : new Date(value));
const maybeDateOf = (value: Date | string | null) => (value === null ? null : dateOf(value));

/** A user as services see it (no password hash). */
export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  facilityId: string;
  facilityCode: string;
  roles: Role[];
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  passwordChangedAt: Date;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export const userColumns = [
  'u.id',
  'u.email',
  'u.display_name',
  'u.facility_id',
  'f.code as facility_code',
  'u.roles',
  'u.active',
  'u.failed_logins',
  'u.locked_until',
  'u.password_changed_at',
  'u.last_login_at',
  'u.created_at',
] as const;

export function userRecordOf(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    facilityId: row.facility_id,
    facilityCode: row.facility_code,
    roles: row.roles,
    active: row.active,
    failedLogins: row.failed_logins,
    lockedUntil: maybeDateOf(row.locked_until),
    passwordChangedAt: dateOf(row.password_changed_at),
    lastLoginAt: maybeDateOf(row.last_login_at),
    createdAt: dateOf(row.created_at),
  };
}

export function userProfileOf(user: UserRecord): UserProfile {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    facilityId: user.facilityId,
    facilityCode: user.facilityCode,
    active: user.active,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
