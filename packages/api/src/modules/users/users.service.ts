import { randomBytes, randomUUID } from 'node:crypto';
import type { Engine } from '@lucent/engine';
import { AppError, type Role } from '@lucent/shared';
import type { Knex } from '@mikro-orm/postgresql';
import type { Database } from '../../db/open-database.js';
import type { RequestOrigin } from '../../security/auth-context.js';
import type { SecurityEvents } from '../../security/security-events.js';
import { assertPasswordPolicy } from './password-policy.js';
import { type UserRecord, type UserRow, userColumns, userRecordOf } from './user-rows.js';

/** 5 consecutive failures lock the account for 15 minutes. */
export const LOCKOUT = { failures: 5, durationMs: 15 * 60_000 } as const;

export interface CreateUserInput {
  email: string;
  password: string;
  displayName?: string;
  roles: readonly Role[];
  facilityId: string;
}

/** Who does something and from where (for the security events); omitted for system work. */
export interface Actor {
  userId: string | null;
  origin: RequestOrigin | null;
}

export type CredentialCheck =
  | { ok: true; user: UserRecord }
  | { ok: false; reason: 'unknown_user'; user: null }
  | { ok: false; reason: 'inactive' | 'wrong_password'; user: UserRecord; lockedUntil: Date | null }
  | { ok: false; reason: 'locked'; user: UserRecord; lockedUntil: Date };

export interface UsersService {
  /** 400 WEAK_PASSWORD, 409 CONFLICT (email taken), 404 NOT_FOUND (facility). Emits user.created. */
  create(input: CreateUserInput, actor?: Actor): Promise<UserRecord>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  /**
   * Checks email + password, honouring `active` and the lockout, and keeps the failure counter: an
   * unknown email still costs one password verification (against a dummy hash), so it takes as long.
   */
  verifyCredentials(email: string, password: string): Promise<CredentialCheck>;
  /** Records a successful sign-in (failure counter reset, last_login_at). */
  recordLogin(userId: string): Promise<void>;
  /** Checks the current password, enforces the policy, stores the new hash. 401 INVALID_CREDENTIALS when `current` is wrong. */
  changePassword(userId: string, current: string, next: string): Promise<UserRecord>;
  /** Sets a password without the current one (administrators, bootstrap). */
  setPassword(userId: string, next: string): Promise<UserRecord>;
  setActive(userId: string, active: boolean): Promise<UserRecord>;
  /** The facility with `code`, created with `name` if missing. */
  ensureFacility(code: string, name: string): Promise<{ id: string; code: string; name: string }>;
  count(): Promise<number>;
}

export interface UsersServiceOptions {
  db: Database;
  engine: Engine;
  events: SecurityEvents;
  /** scrypt log2 N for new hashes. */
  scryptLn: number;
  now?: () => number;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function createUsersService(options: UsersServiceOptions): UsersService {
  const { db, engine, events } = options;
  const now = options.now ?? Date.now;
  const knex: Knex = db.knex;
  const hash = (password: string) => engine.hashPassword(password, { params: { ln: options.scryptLn } });
  let dummyHash: Promise<string> | undefined;

  async function findWhere(column: 'u.id' | 'u.email', value: string): Promise<UserRecord | null> {
    const rows: UserRow[] = await knex({ u: 'app_user' })
      .join({ f: 'facility' }, 'f.id', 'u.facility_id')
      .select(userColumns)
      .where(column, value)
      .limit(1);
    const row = rows[0];
    return row === undefined ? null : userRecordOf(row);
  }

  async function required(id: string): Promise<UserRecord> {
    const user = await findWhere('u.id', id);
    if (user === null) throw new AppError('NOT_FOUND', { message: 'No such user' });
    return user;
  }

  /** The user and the stored hash in one query (sign-in does one round trip before the verification). */
  async function withHash(email: string): Promise<{ user: UserRecord; passwordHash: string } | null> {
    const rows: Array<UserRow & { password_hash: string }> = await knex({ u: 'app_user' })
      .join({ f: 'facility' }, 'f.id', 'u.facility_id')
      .select([...userColumns, 'u.password_hash'])
      .where('u.email', email)
      .limit(1);
    const row = rows[0];
    return row === undefined ? null : { user: userRecordOf(row), passwordHash: row.password_hash };
  }

  async function storedHash(id: string): Promise<string> {
    const row: { password_hash: string } | undefined = await knex('app_user')
      .select('password_hash')
      .where('id', id)
      .first();
    if (row === undefined) throw new AppError('NOT_FOUND', { message: 'No such user' });
    return row.password_hash;
  }

  async function writePassword(user: UserRecord, next: string): Promise<UserRecord> {
    assertPasswordPolicy(next, user.email);
    const passwordHash = await hash(next);
    await knex('app_user')
      .where('id', user.id)
      .update({ password_hash: passwordHash, password_changed_at: new Date(now()), updated_at: new Date(now()) });
    return required(user.id);
  }

  /** One failure more; the 5th locks (and restarts the count). Atomic, so parallel failures all count. */
  async function recordFailure(userId: string): Promise<Date | null> {
    const lockAt = new Date(now() + LOCKOUT.durationMs);
    const result: { rows: Array<{ locked_now: boolean }> } = await knex.raw(
      `update app_user set
         failed_logins = case when failed_logins + 1 >= ? then 0 else failed_logins + 1 end,
         locked_until = case when failed_logins + 1 >= ? then ?::timestamptz else locked_until end
       where id = ?
       returning (failed_logins = 0 and locked_until = ?::timestamptz) as locked_now`,
      [LOCKOUT.failures, LOCKOUT.failures, lockAt, userId, lockAt],
    );
    return result.rows[0]?.locked_now === true ? lockAt : null;
  }

  return {
    async create(input, actor) {
      const email = normalizeEmail(input.email);
      if (!/^[^\s@]+@[^\s@]+$/.test(email))
        throw new AppError('VALIDATION_FAILED', { message: 'The email is malformed' });
      assertPasswordPolicy(input.password, email);
      const facility = await knex('facility').select('id').where('id', input.facilityId).first();
      if (facility === undefined) throw new AppError('NOT_FOUND', { message: 'No such facility' });
      const id = randomUUID();
      const passwordHash = await hash(input.password);
      const inserted = await knex('app_user')
        .insert({
          id,
          email,
          display_name: input.displayName ?? email.split('@')[0],
          password_hash: passwordHash,
          facility_id: input.facilityId,
          roles: [...new Set(input.roles)],
          password_changed_at: new Date(now()),
        })
        .onConflict('email')
        .ignore()
        .returning('id');
      if (inserted.length === 0) throw new AppError('CONFLICT', { message: 'A user with this email exists' });
      const user = await required(id);
      events.emit({
        type: 'user.created',
        userId: user.id,
        email: user.email,
        sessionId: null,
        origin: actor?.origin ?? null,
        byUserId: actor?.userId ?? null,
        roles: user.roles,
        facilityId: user.facilityId,
      });
      return user;
    },
    findByEmail: (email) => findWhere('u.email', normalizeEmail(email)),
    findById: (id) => findWhere('u.id', id),
    async verifyCredentials(email, password) {
      const found = await withHash(normalizeEmail(email));
      if (found === null) {
        dummyHash ??= hash(randomBytes(18).toString('base64'));
        await engine.verifyPassword(password, await dummyHash);
        return { ok: false, reason: 'unknown_user', user: null };
      }
      const { user, passwordHash } = found;
      if (user.lockedUntil !== null && user.lockedUntil.getTime() > now()) {
        return { ok: false, reason: 'locked', user, lockedUntil: user.lockedUntil };
      }
      const matches = await engine.verifyPassword(password, passwordHash);
      if (!matches) return { ok: false, reason: 'wrong_password', user, lockedUntil: await recordFailure(user.id) };
      if (!user.active) return { ok: false, reason: 'inactive', user, lockedUntil: null };
      return { ok: true, user };
    },
    async recordLogin(userId) {
      await knex('app_user')
        .where('id', userId)
        .update({ failed_logins: 0, locked_until: null, last_login_at: new Date(now()) });
    },
    async changePassword(userId, current, next) {
      const user = await required(userId);
      if (!(await engine.verifyPassword(current, await storedHash(userId)))) throw new AppError('INVALID_CREDENTIALS');
      if (current === next)
        throw new AppError('WEAK_PASSWORD', { details: { rule: 'different from the current one' } });
      return writePassword(user, next);
    },
    async setPassword(userId, next) {
      return writePassword(await required(userId), next);
    },
    async setActive(userId, active) {
      await required(userId);
      await knex('app_user')
        .where('id', userId)
        .update({ active, updated_at: new Date(now()) });
      return required(userId);
    },
    async ensureFacility(code, name) {
      const k = knex;
      await k('facility').insert({ id: randomUUID(), code, name }).onConflict('code').ignore();
      return k('facility').select('id', 'code', 'name').where('code', code).first();
    },
    async count() {
      const row = await knex('app_user').count({ count: '*' }).first();
      return Number(row?.count ?? 0);
    },
  };
}
