import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../config/env.js';
import { createTestLogger } from '../../testing/phi-log-scan/run-logs.test-util.js';
import { createTestApp, TEST_ADMIN, type TestApp } from '../../testing/test-app.test-util.js';
import { bootstrapAdmin } from './bootstrap-admin.js';
import { passwordProblem } from './password-policy.js';

describe('first-start administrator', () => {
  let app: TestApp;
  const logLines: string[] = [];
  const logger = createTestLogger({ capture: (line) => logLines.push(line) });

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app?.dispose();
  });

  const knex = () => (app.services.db.orm.em.fork() as EntityManager).getKnex();
  const run = (env: Record<string, string>, print: (text: string) => void) =>
    bootstrapAdmin({
      db: app.services.db,
      engine: app.services.engine,
      env: loadEnv({ ...env, PASSWORD_SCRYPT_LN: '12' }),
      logger,
      events: app.services.securityEvents,
      print,
    });

  it('created the system_admin of the default facility from LUCENT_ADMIN_EMAIL / LUCENT_ADMIN_PASSWORD', async () => {
    const admin = await app.services.users.findByEmail(TEST_ADMIN.email);
    expect(admin).toMatchObject({ roles: ['system_admin'], facilityCode: 'default', active: true });
    const check = await app.services.users.verifyCredentials(TEST_ADMIN.email, TEST_ADMIN.password);
    expect(check.ok).toBe(true);
  });

  it('does nothing when a user exists (restart)', async () => {
    const printed: string[] = [];
    expect(await run({ LUCENT_ADMIN_EMAIL: 'other@lucent.test' }, (text) => printed.push(text))).toBeNull();
    expect(await app.services.users.count()).toBeGreaterThanOrEqual(1);
    expect(await app.services.users.findByEmail('other@lucent.test')).toBeNull();
    expect(printed).toEqual([]);
  });

  it('creates exactly one administrator when two processes start at once, printing a generated password once (not logged)', async () => {
    await knex()('app_user').delete();
    const printed: string[] = [];
    const print = (text: string) => printed.push(text);
    const results = await Promise.all([
      run({ LUCENT_ADMIN_EMAIL: 'first@lucent.test' }, print),
      run({ LUCENT_ADMIN_EMAIL: 'first@lucent.test' }, print),
    ]);
    expect(results.filter((id) => id !== null)).toHaveLength(1);
    expect(await app.services.users.count()).toBe(1);
    expect(printed).toHaveLength(1);
    const password = /\n {4}(\S+)\n/.exec(printed[0] ?? '')?.[1] ?? '';
    expect(passwordProblem(password, 'first@lucent.test')).toBeUndefined();
    expect((await app.services.users.verifyCredentials('first@lucent.test', password)).ok).toBe(true);
    expect(logLines.join('\n')).not.toContain(password);
    expect(logLines.join('\n')).toContain('created the system administrator');
  });

  it('refuses a weak LUCENT_ADMIN_PASSWORD', async () => {
    await knex()('app_user').delete();
    await expect(
      run({ LUCENT_ADMIN_EMAIL: 'x@lucent.test', LUCENT_ADMIN_PASSWORD: 'short' }, () => undefined),
    ).rejects.toMatchObject({
      code: 'WEAK_PASSWORD',
    });
  });
});
