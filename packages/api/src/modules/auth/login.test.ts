import { TokenResponse } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestOrigin } from '../../security/auth-context.js';
import type { SecurityEvent } from '../../security/security-events.js';
import { errorCodeOf, jsonOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { appRouter } from '../../trpc/app-router.js';
import { createCallerFactory } from '../../trpc/trpc.js';
import { codeOf, jsonRequest } from './auth-test-helpers.test-util.js';

const createCaller = createCallerFactory(appRouter);
let originCount = 0;
const freshOrigin = (): RequestOrigin => {
  originCount += 1;
  return { ip: `10.0.0.${originCount}`, userAgent: 'vitest', requestId: `login-${originCount}` };
};

describe('login, lockout, rate limits and passwords', () => {
  let app: TestApp;
  let clock = Date.now();
  const events: SecurityEvent[] = [];

  beforeAll(async () => {
    app = await createTestApp({ now: () => clock });
    app.services.securityEvents.onAny((event) => {
      events.push(event);
    });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('signs in over REST and tRPC with { access_token, refresh_token, token_type, expires_in, user }', async () => {
    const user = await app.login({ roles: ['radiographer'] });
    const rest = await app.app.request('/api/v1/auth/login', {
      ...jsonRequest({ email: user.user.email.toUpperCase(), password: user.password }),
      anonymous: true,
    });
    expect(rest.status).toBe(200);
    const body = await jsonOf(rest, TokenResponse);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      user: { id: user.user.id, roles: ['radiographer'] },
    });
    expect(JSON.stringify(body)).not.toContain('scrypt');
    const caller = createCaller({ services: app.services, requestId: 't', origin: freshOrigin() });
    const viaTrpc = await caller.auth.login({ email: user.user.email, password: user.password });
    expect(viaTrpc.user.email).toBe(user.user.email);
    expect(await createCaller(await app.trpcContext(user)).auth.me()).toMatchObject({ id: user.user.id });
  });

  it('answers unknown email and wrong password identically (status, body) and emits login.failed', async () => {
    const user = await app.login({ roles: ['viewer'] });
    events.length = 0;
    const attempt = async (email: string) => {
      const response = await app.app.request('/api/v1/auth/login', {
        ...jsonRequest({ email, password: 'Wrong-password-123!' }, { 'x-request-id': 'same-id' }),
        anonymous: true,
      });
      return { status: response.status, body: await response.text() };
    };
    const unknown = await attempt('nobody@lucent.test');
    const wrong = await attempt(user.user.email);
    expect(unknown.status).toBe(401);
    expect(unknown).toEqual(wrong);
    expect(JSON.parse(unknown.body).error.code).toBe('INVALID_CREDENTIALS');
    await app.services.securityEvents.idle();
    expect(events.map((event) => [event.type, event.userId, event.email])).toEqual([
      ['login.failed', null, null],
      ['login.failed', user.user.id, user.user.email],
    ]);
  });

  it('locks an account after 5 consecutive failures for 15 minutes (429 ACCOUNT_LOCKED + Retry-After)', async () => {
    const user = await app.login({ roles: ['doctor'] });
    const wrong = () =>
      app.services.auth.login({ email: user.user.email, password: 'Not-the-password-1!' }, freshOrigin());
    clock += 61_000; // the util's sign-in counted as an attempt
    for (let i = 0; i < 5; i += 1) expect(await codeOf(wrong())).toBe('INVALID_CREDENTIALS');
    await app.services.securityEvents.idle();
    expect(events.some((event) => event.type === 'account.locked' && event.userId === user.user.id)).toBe(true);
    clock += 61_000; // past the per-account rate-limit window: the lock itself answers
    const right = () => app.services.auth.login({ email: user.user.email, password: user.password }, freshOrigin());
    expect(await codeOf(right())).toBe('ACCOUNT_LOCKED');
    const caller = createCaller({
      services: app.services,
      requestId: 't',
      origin: freshOrigin(),
      resHeaders: new Headers(),
    });
    expect(await codeOf(caller.auth.login({ email: user.user.email, password: user.password }))).toBe('ACCOUNT_LOCKED');

    const response = await app.app.fetch(
      new Request(
        'http://lucent.test/api/v1/auth/login',
        jsonRequest({ email: user.user.email, password: user.password }),
      ),
    );
    expect(response.status).toBe(429);
    expect(await errorCodeOf(response)).toBe('ACCOUNT_LOCKED');
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(13 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // tRPC over HTTP: the same status and Retry-After.
    const viaTrpc = await app.app.request('/trpc/auth.login', {
      ...jsonRequest({ email: user.user.email, password: user.password }),
      anonymous: true,
    });
    expect(viaTrpc.status).toBe(429);
    expect(Number(viaTrpc.headers.get('retry-after'))).toBeGreaterThan(13 * 60);
    expect(((await viaTrpc.json()) as { error: { data: { appCode: string } } }).error.data.appCode).toBe(
      'ACCOUNT_LOCKED',
    );

    clock += 15 * 60_000;
    expect((await right()).tokens.user.id).toBe(user.user.id);
    // A success resets the count: 4 failures do not lock.
    for (let i = 0; i < 4; i += 1) expect(await codeOf(wrong())).toBe('INVALID_CREDENTIALS');
    clock += 61_000;
    expect((await right()).tokens.user.id).toBe(user.user.id);
  });

  it('limits sign-in to 5 attempts a minute per address and per account (429 RATE_LIMITED + Retry-After)', async () => {
    clock += 61_000;
    const user = await app.login({ roles: ['viewer'] });
    // Per address: six different accounts from one address.
    const ip = freshOrigin();
    for (let i = 0; i < 5; i += 1)
      expect(await codeOf(app.services.auth.login({ email: `n${i}@lucent.test`, password: 'x' }, ip))).toBe(
        'INVALID_CREDENTIALS',
      );
    expect(await codeOf(app.services.auth.login({ email: user.user.email, password: user.password }, ip))).toBe(
      'RATE_LIMITED',
    );
    // Per account: six addresses, one account (right password on the 6th is refused too).
    for (let i = 0; i < 5; i += 1)
      await codeOf(app.services.auth.login({ email: 'target@lucent.test', password: 'x' }, freshOrigin()));
    expect(await codeOf(app.services.auth.login({ email: 'TARGET@lucent.test', password: 'x' }, freshOrigin()))).toBe(
      'RATE_LIMITED',
    );

    // Over HTTP (every app.request comes from the same "unknown" address): the 6th gets 429 and Retry-After.
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i += 1) {
      last = await app.app.request('/api/v1/auth/login', {
        ...jsonRequest({ email: `http${i}@lucent.test`, password: 'x' }),
        anonymous: true,
      });
      statuses.push(last.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(await errorCodeOf(last as Response)).toBe('RATE_LIMITED');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(last?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    clock += 61_000;
    expect(
      (await app.services.auth.login({ email: user.user.email, password: user.password }, ip)).tokens.user.id,
    ).toBe(user.user.id);
  });

  it('refuses inactive users like a wrong password', async () => {
    const user = await app.login({ roles: ['viewer'] });
    await app.services.users.setActive(user.user.id, false);
    expect(
      await codeOf(app.services.auth.login({ email: user.user.email, password: user.password }, freshOrigin())),
    ).toBe('INVALID_CREDENTIALS');
    // Refreshing an existing session of a deactivated user fails too.
    expect(await codeOf(app.services.auth.refresh(user.refreshToken, freshOrigin()))).toBe('REFRESH_TOKEN_INVALID');
  });

  it('enforces the password policy (400 WEAK_PASSWORD) on creation and change', async () => {
    const { id: facilityId } = await app.services.users.ensureFacility('default', 'Default');
    for (const password of [
      'Short1!a',
      'alllowercase-123!',
      'ALLUPPERCASE-123!',
      'No-digits-here!!',
      'NoSymbols12345',
      'pat@lucent.test',
    ])
      expect(
        await codeOf(app.services.users.create({ email: 'pat@lucent.test', password, roles: ['viewer'], facilityId })),
      ).toBe('WEAK_PASSWORD');
    expect(
      await codeOf(
        app.services.users.create({
          email: 'Pat.Q1!xyzAB@lucent.test',
          password: 'Pat.Q1!xyzAB@lucent.test',
          roles: ['viewer'],
          facilityId,
        }),
      ),
    ).toBe('WEAK_PASSWORD');
    const created = await app.services.users.create({
      email: 'Pat@Lucent.test',
      password: 'Good-Passw0rd!',
      roles: ['viewer'],
      facilityId,
    });
    expect(created.email).toBe('pat@lucent.test');
    expect(
      await codeOf(
        app.services.users.create({
          email: 'pat@lucent.test',
          password: 'Good-Passw0rd!',
          roles: ['viewer'],
          facilityId,
        }),
      ),
    ).toBe('CONFLICT');
  });

  it('changes the password (current one required) and ends the user’s other sessions', async () => {
    clock += 61_000;
    const user = await app.login({ roles: ['nurse'] });
    const other = await app.services.auth.login({ email: user.user.email, password: user.password }, freshOrigin());
    const caller = createCaller(await app.trpcContext(user));
    expect(
      await codeOf(caller.auth.changePassword({ currentPassword: 'Wrong-one-123!', newPassword: 'New-Passw0rd-42!' })),
    ).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(caller.auth.changePassword({ currentPassword: user.password, newPassword: 'weak' }))).toBe(
      'WEAK_PASSWORD',
    );
    await caller.auth.changePassword({ currentPassword: user.password, newPassword: 'New-Passw0rd-42!' });
    expect((await app.app.request('/api/v1/auth/me', { headers: user.headers })).status).toBe(200);
    const ended = await app.app.request('/api/v1/auth/me', {
      headers: { authorization: `Bearer ${other.tokens.access_token}` },
    });
    expect(await errorCodeOf(ended)).toBe('SESSION_REVOKED');
    expect(
      await codeOf(app.services.auth.login({ email: user.user.email, password: user.password }, freshOrigin())),
    ).toBe('INVALID_CREDENTIALS');
    expect(
      (await app.services.auth.login({ email: user.user.email, password: 'New-Passw0rd-42!' }, freshOrigin())).tokens,
    ).toBeDefined();
  });
});

describe('login timing: an unknown email costs what a wrong password costs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ env: { PASSWORD_SCRYPT_LN: '14', LOGIN_ATTEMPTS_PER_MINUTE: '1000' } });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('takes the same time (one scrypt verification either way)', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => app.login({ roles: ['viewer'] })));
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const timed = async (email: string) => {
      const started = performance.now();
      expect(await codeOf(app.services.auth.login({ email, password: 'Wrong-password-1!' }, freshOrigin()))).toBe(
        'INVALID_CREDENTIALS',
      );
      return performance.now() - started;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (const [i, user] of users.entries()) {
      unknown.push(await timed(`ghost-${i}@lucent.test`));
      wrong.push(await timed(user.user.email));
    }
    const [a, b] = [median(unknown), median(wrong)];
    // scrypt (2^14) dominates; the failure counter update is the only extra work of a wrong password.
    expect(Math.abs(a - b)).toBeLessThan(Math.max(a, b) * 0.3 + 3);
    expect(Math.min(a, b)).toBeGreaterThan(Math.max(a, b) * 0.5);
  });
});
