import type { Role } from '@lucent/shared';
import { EntitySchema } from '@mikro-orm/core';

/** A hospital or site: users, patients and studies belong to one, and see only their own. */
export class Facility {
  id!: string;
  code!: string;
  name!: string;
  createdAt!: Date;
}

/** Someone who signs in. `passwordHash` is the engine's encoded scrypt hash. */
export class User {
  id!: string;
  email!: string;
  displayName!: string;
  passwordHash!: string;
  facility!: Facility;
  roles!: Role[];
  active!: boolean;
  failedLogins!: number;
  lockedUntil!: Date | null;
  passwordChangedAt!: Date;
  lastLoginAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export const FacilitySchema = new EntitySchema<Facility>({
  class: Facility,
  tableName: 'facility',
  properties: {
    id: { type: 'uuid', primary: true },
    code: { type: 'string', unique: true },
    name: { type: 'string' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'app_user',
  properties: {
    id: { type: 'uuid', primary: true },
    email: { type: 'string', unique: true },
    displayName: { type: 'string' },
    passwordHash: { type: 'string', lazy: true },
    facility: { kind: 'm:1', entity: () => Facility },
    roles: { type: 'string[]' },
    active: { type: 'boolean' },
    failedLogins: { type: 'integer' },
    lockedUntil: { type: 'Date', nullable: true },
    passwordChangedAt: { type: 'Date', onCreate: () => new Date() },
    lastLoginAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
