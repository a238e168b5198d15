import { randomUUID } from 'node:crypto';
import { TokenResponse } from '@lucent/shared';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf, jsonOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { appRouter } from '../../trpc/app-router.js';
import { createCallerFactory } from '../../trpc/trpc.js';
import { codeOf, jsonRequest } from './auth-test-helpers.test-util.js';

const createCaller = createCallerFactory(appRouter);
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('sessions: refresh rotation, reuse, cap, listing and revocation', () => {
  let app: TestApp;
  const events: string[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    app.services.securityEvents.onAny((event) => {
      events.push(event.type);
    });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('rotates the refresh token on every use; presenting a used one revokes the whole session', async () => {
    const user = await app.login({ roles: ['radiologist'] });
    const first = await jsonOf(
      await app.app.request('/api/v1/auth/refresh', {
        ...jsonRequest({ refresh_token: user.refreshToken }),
        anonymous: true,
      }),
      TokenResponse,
    );
    expect(first.refresh_token).not.toBe(user.refreshToken);
    expect(first.user.id).toBe(user.user.id);
    const second = await app.services.auth.refresh(first.refresh_token, { ip: 'x', userAgent: null, requestId: 'r' });
    expect((await app.app.request('/api/v1/auth/me', bearer(second.tokens.access_token))).status).toBe(200);

    // The first refresh token again: theft suspected, the session ends.
    const reused = await app.app.request('/api/v1/auth/refresh', {
      ...jsonRequest({ refresh_token: user.refreshToken }),
      anonymous: true,
    });
    expect(reused.status).toBe(401);
    expect(await errorCodeOf(reused)).toBe('REFRESH_TOKEN_REUSED');
    await app.services.securityEvents.idle();
    expect(events).toContain('refresh.reused');
    const after = await app.app.request('/api/v1/auth/me', bearer(second.tokens.access_token));
    expect(await errorCodeOf(after)).toBe('SESSION_REVOKED');
    expect(
      await codeOf(
        app.services.auth.refresh(second.tokens.refresh_token, { ip: 'x', userAgent: null, requestId: 'r' }),
      ),
    ).toBe('REFRESH_TOKEN_INVALID');
  });

  it('refuses malformed and unknown refresh tokens without touching sessions', async () => {
    const user = await app.login({ roles: ['viewer'] });
    const origin = { ip: 'x', userAgent: null, requestId: 'r' };
    expect(await codeOf(app.services.auth.refresh('garbage', origin))).toBe('REFRESH_TOKEN_INVALID');
    const forged = `${user.sessionId}.${'A'.repeat(43)}`;
    expect(await codeOf(app.services.auth.refresh(forged, origin))).toBe('REFRESH_TOKEN_INVALID');
    // A guess naming the session does not end it.
    expect((await app.app.request('/api/v1/auth/me', { headers: user.headers })).status).toBe(200);
  });

  it('keeps 3 sessions per user: the 4th sign-in ends the oldest', async () => {
    const first = await app.login({ roles: ['doctor'] });
    const signIn = (n: number) =>
      app.services.auth.login(
        { email: first.user.email, password: first.password },
        { ip: `cap-${n}`, userAgent: null, requestId: `cap-${n}` },
      );
    const second = await signIn(2);
    await signIn(3);
    events.length = 0;
    const fourth = await signIn(4);
    const oldest = await app.app.request('/api/v1/auth/me', { headers: first.headers });
    expect(await errorCodeOf(oldest)).toBe('SESSION_REVOKED');
    expect((await app.app.request('/api/v1/auth/me', bearer(second.tokens.access_token))).status).toBe(200);
    expect((await app.app.request('/api/v1/auth/me', bearer(fourth.tokens.access_token))).status).toBe(200);
    await app.services.securityEvents.idle();
    expect(events).toContain('session.evicted');
  });

  it('lists and revokes one’s own sessions; another user’s session answers 404', async () => {
    const user = await app.login({ roles: ['nurse'] });
    const other = await app.services.auth.login(
      { email: user.user.email, password: user.password },
      { ip: 'list-2', userAgent: 'second-browser', requestId: 'l2' },
    );
    const caller = createCaller(await app.trpcContext(user));
    const sessions = await caller.sessions.list();
    expect(sessions).toHaveLength(2);
    expect(sessions.find((session) => session.current)?.id).toBe(user.sessionId);
    expect(sessions.find((session) => !session.current)).toMatchObject({
      id: other.sessionId,
      userAgent: 'second-browser',
    });

    const stranger = await app.login({ roles: ['nurse'] });
    expect(await codeOf(caller.sessions.revoke({ sessionId: stranger.sessionId }))).toBe('NOT_FOUND');
    await caller.sessions.revoke({ sessionId: other.sessionId });
    expect(await errorCodeOf(await app.app.request('/api/v1/auth/me', bearer(other.tokens.access_token)))).toBe(
      'SESSION_REVOKED',
    );
    expect((await caller.sessions.list()).map((session) => session.id)).toEqual([user.sessionId]);
  });

  it('lets sessions:manage end all of a user’s sessions, a facility admin only within its facility', async () => {
    const target = await app.login({ roles: ['viewer'], facilityCode: 'north' });
    const northAdmin = await app.login({ roles: ['facility_admin'], facilityCode: 'north' });
    const southAdmin = await app.login({ roles: ['facility_admin'], facilityCode: 'south' });
    const viewer = await app.login({ roles: ['viewer'], facilityCode: 'north' });

    const south = createCaller(await app.trpcContext(southAdmin));
    expect(await codeOf(south.sessions.revokeAllForUser({ userId: target.user.id }))).toBe('NOT_FOUND');
    const plain = createCaller(await app.trpcContext(viewer));
    expect(await codeOf(plain.sessions.revokeAllForUser({ userId: target.user.id }))).toBe('FORBIDDEN');
    expect((await app.app.request('/api/v1/auth/me', { headers: target.headers })).status).toBe(200);

    const north = createCaller(await app.trpcContext(northAdmin));
    expect(await north.sessions.revokeAllForUser({ userId: target.user.id })).toEqual({ revoked: 1 });
    expect(await errorCodeOf(await app.app.request('/api/v1/auth/me', { headers: target.headers }))).toBe(
      'SESSION_REVOKED',
    );

    const admin = createCaller(await app.trpcContext());
    const elsewhere = await app.login({ roles: ['doctor'], facilityCode: 'south' });
    expect(await admin.sessions.revokeAllForUser({ userId: elsewhere.user.id })).toEqual({ revoked: 1 });
  });

  it('gives refresh tokens 7 days, 30 with rememberMe', async () => {
    const short = await app.login({ roles: ['viewer'] });
    const long = await app.login({ roles: ['viewer'], rememberMe: true });
    const expiry = async (sessionId: string) => {
      const session = await app.services.sessions.store.get(sessionId);
      return Math.round(((session?.expiresAt ?? 0) - (session?.createdAt ?? 0)) / 86_400_000);
    };
    expect(await expiry(short.sessionId)).toBe(7);
    expect(await expiry(long.sessionId)).toBe(30);
  });
});

describe('sessions: the 30-minute inactivity timeout (injected clock)', () => {
  let app: TestApp;
  let clock = Date.now();

  beforeAll(async () => {
    app = await createTestApp({ backend: 'real', now: () => clock });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  const origin = { ip: 'idle', userAgent: null, requestId: 'idle' };
  /** A fresh token for a session, signed at the injected clock's time (as a refresh would have issued). */
  const tokenFor = (user: { user: { id: string; facilityId: string }; sessionId: string }) => {
    const iat = Math.floor(clock / 1000);
    return new SignJWT({ sid: user.sessionId, roles: ['viewer'], facility: user.user.facilityId })
      .setProtectedHeader({ alg: 'EdDSA', kid: app.services.keys.signing.activeKid })
      .setSubject(user.user.id)
      .setJti(randomUUID())
      .setIssuer('lucent')
      .setAudience('lucent-api')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 900)
      .sign(app.services.keys.signing.privateKey);
  };

  it('ends a session idle for more than 30 minutes; activity keeps it alive', async () => {
    const user = await app.login({ roles: ['viewer'] });
    clock += 14 * 60_000;
    expect((await app.app.request('/api/v1/auth/me', { headers: user.headers })).status).toBe(200); // active at +14
    clock += 29 * 60_000;
    // +43 min, 29 after the last activity: the access token expired but the session lives and refreshes.
    expect(await errorCodeOf(await app.app.request('/api/v1/auth/me', { headers: user.headers }))).toBe(
      'TOKEN_EXPIRED',
    );
    const refreshed = await app.services.auth.refresh(user.refreshToken, origin);
    clock += 31 * 60_000;
    // +74 min: 31 minutes idle.
    expect(await codeOf(app.services.auth.refresh(refreshed.tokens.refresh_token, origin))).toBe(
      'REFRESH_TOKEN_INVALID',
    );
    expect(await app.services.sessions.check(user.sessionId)).toBeNull();
  });

  it('answers SESSION_REVOKED for a valid token whose session idled out', async () => {
    const user = await app.login({ roles: ['viewer'] });
    clock += 29 * 60_000;
    const fresh = { headers: { authorization: `Bearer ${await tokenFor(user)}` } };
    expect((await app.app.request('/api/v1/auth/me', fresh)).status).toBe(200);
    clock += 31 * 60_000;
    const late = { headers: { authorization: `Bearer ${await tokenFor(user)}` } };
    const response = await app.app.request('/api/v1/auth/me', late);
    expect(response.status).toBe(401);
    expect(await errorCodeOf(response)).toBe('SESSION_REVOKED');
  });
});
