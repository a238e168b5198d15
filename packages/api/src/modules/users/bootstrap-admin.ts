import { randomBytes, randomUUID } from 'node:crypto';
import type { Engine } from '@lucent/engine';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Env } from '../../config/env.js';
import type { Database } from '../../db/open-database.js';
import type { Logger } from '../../observability/logger.js';
import type { SecurityEvents } from '../../security/security-events.js';
import { assertPasswordPolicy } from './password-policy.js';
import { normalizeEmail } from './users.service.js';

/** Any constant: the advisory lock that makes two processes starting at once create one administrator. */
const BOOTSTRAP_LOCK = 0x4c75_6365;
export const DEFAULT_FACILITY = { code: 'default', name: 'Default facility' } as const;
const DEFAULT_ADMIN_EMAIL = 'admin@lucent.local';

export interface BootstrapOptions {
  db: Database;
  engine: Engine;
  env: Env;
  logger: Logger;
  events: SecurityEvents;
  /** Where a generated password is shown, once (default: stdout, not the JSON log). */
  print?: (text: string) => void;
}

/** A password meeting the policy: 24 random base64url characters plus one of each class. */
export function generatePassword(): string {
  return `${randomBytes(18).toString('base64url')}aA7!`;
}

/**
 * First start: with no user at all, create the `default` facility and the system administrator from
 * LUCENT_ADMIN_EMAIL / LUCENT_ADMIN_PASSWORD, or with a generated password printed once. Idempotent,
 * and serialized across processes by a transaction-scoped advisory lock. Returns the new user's id.
 */
export async function bootstrapAdmin(options: BootstrapOptions): Promise<string | null> {
  const { db, engine, env, logger } = options;
  const em = db.orm.em.fork() as EntityManager;
  const knex = em.getKnex();
  const existing = await knex('app_user').count({ count: '*' }).first();
  if (Number(existing?.count ?? 0) > 0) return null;

  const email = normalizeEmail(env.LUCENT_ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL);
  const given = env.LUCENT_ADMIN_PASSWORD;
  const password = given ?? generatePassword();
  assertPasswordPolicy(password, email);
  const passwordHash = await engine.hashPassword(password, { params: { ln: env.PASSWORD_SCRYPT_LN } });

  const created = await knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [BOOTSTRAP_LOCK]);
    const count = await trx('app_user').count({ count: '*' }).first();
    if (Number(count?.count ?? 0) > 0) return null;
    await trx('facility')
      .insert({ id: randomUUID(), code: DEFAULT_FACILITY.code, name: DEFAULT_FACILITY.name })
      .onConflict('code')
      .ignore();
    const facility: { id: string } = await trx('facility').select('id').where('code', DEFAULT_FACILITY.code).first();
    const id = randomUUID();
    await trx('app_user').insert({
      id,
      email,
      display_name: 'System administrator',
      password_hash: passwordHash,
      facility_id: facility.id,
      roles: ['system_admin'],
    });
    return { id, facilityId: facility.id };
  });
  if (created === null) return null;

  logger.info({ userId: created.id, email }, 'created the system administrator');
  options.events.emit({
    type: 'user.created',
    userId: created.id,
    email,
    sessionId: null,
    origin: null,
    byUserId: null,
    roles: ['system_admin'],
    facilityId: created.facilityId,
  });
  if (given === undefined) {
    const print = options.print ?? ((text: string) => process.stdout.write(text));
    print(
      `\nLucent: created the system administrator ${email} with the one-time password\n\n    ${password}\n\n` +
        'Sign in and change it now (auth.changePassword); it is not shown again.\n\n',
    );
  }
  return created.id;
}
