import { SignedImageUrl, TokenResponse } from '@lucent/shared';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../app/app-env.js';
import { appErrorOf, errorBody } from '../app/app-error-of.js';
import { jsonRequest } from '../modules/auth/auth-test-helpers.test-util.js';
import { errorCodeOf, jsonOf } from '../testing/http.test-util.js';
import { createTestApp, type TestApp, type TestLogin } from '../testing/test-app.test-util.js';
import { authenticate } from './authenticate.js';
import { requirePermission } from './route-access.js';

/**
 * The authentication middleware in front of a protected image-like route: what rbac's routes will see.
 * (The real image routes declare their permission in the rbac work; here the declaration is local.)
 */
function protectedImages(app: TestApp): Hono<AppEnv> {
  const hono = new Hono<AppEnv>();
  hono.use(async (c, next) => {
    c.set('services', app.services);
    c.set('requestId', 'mini');
    await next();
  });
  hono.use(authenticate(app.services.auth, app.services.keys));
  hono.onError((error, c) => {
    const appError = appErrorOf(error);
    return c.json(errorBody(appError, 'mini'), appError.status as 400);
  });
  const answer = (c: { var: AppEnv['Variables']; json: (body: unknown) => Response }) =>
    c.json({ userId: c.var.auth?.userId, method: c.var.auth?.method });
  hono.get('/api/v1/images/:uid/thumbnail', requirePermission('studies:read'), (c) => answer(c));
  hono.post('/api/v1/images/:uid/invalidate-cache', requirePermission('studies:read'), (c) => answer(c));
  hono.get('/dicomweb/studies/:study/rendered', requirePermission('studies:read'), (c) => answer(c));
  return hono;
}

describe('authentication for <img>: session cookie with CSRF, and signed image URLs', () => {
  let app: TestApp;
  let images: Hono<AppEnv>;
  let clock = Date.now();
  let user: TestLogin;

  beforeAll(async () => {
    app = await createTestApp({ now: () => clock });
    images = protectedImages(app);
    user = await app.login({ roles: ['viewer'] });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('sets an HttpOnly, Secure, SameSite=Strict session cookie and a readable CSRF cookie on login with setCookie', async () => {
    clock += 61_000;
    const response = await app.app.request('/api/v1/auth/login', {
      ...jsonRequest({ email: user.user.email, password: user.password, setCookie: true }),
      anonymous: true,
    });
    expect(response.status).toBe(200);
    const body = await jsonOf(response, TokenResponse);
    const cookies = response.headers.getSetCookie();
    const session = cookies.find((cookie) => cookie.startsWith('lucent_session='));
    const csrf = cookies.find((cookie) => cookie.startsWith('lucent_csrf='));
    expect(session).toContain(`lucent_session=${body.access_token}`);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/', 'Max-Age=900'])
      expect(session).toContain(attribute);
    expect(csrf).toContain('Secure');
    expect(csrf).toContain('SameSite=Strict');
    expect(csrf).not.toContain('HttpOnly');

    const csrfToken = csrf?.split(';')[0]?.split('=')[1] ?? '';
    const cookieHeader = `lucent_session=${body.access_token}; lucent_csrf=${csrfToken}`;
    const read = await images.request('/api/v1/images/1.2.3/thumbnail', { headers: { cookie: cookieHeader } });
    expect(await read.json()).toEqual({ userId: user.user.id, method: 'cookie' });

    // State-changing requests by cookie need the matching X-CSRF-Token header.
    const noToken = await images.request('/api/v1/images/1.2.3/invalidate-cache', {
      method: 'POST',
      headers: { cookie: cookieHeader },
    });
    expect(noToken.status).toBe(403);
    expect(await errorCodeOf(noToken)).toBe('CSRF_FAILED');
    const wrongToken = await images.request('/api/v1/images/1.2.3/invalidate-cache', {
      method: 'POST',
      headers: { cookie: cookieHeader, 'x-csrf-token': `${csrfToken.slice(0, -2)}AA` },
    });
    expect(await errorCodeOf(wrongToken)).toBe('CSRF_FAILED');
    const ok = await images.request('/api/v1/images/1.2.3/invalidate-cache', {
      method: 'POST',
      headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken },
    });
    expect(await ok.json()).toEqual({ userId: user.user.id, method: 'cookie' });
    // Bearer requests need no CSRF token.
    const bearer = await images.request('/api/v1/images/1.2.3/invalidate-cache', {
      method: 'POST',
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(await bearer.json()).toEqual({ userId: user.user.id, method: 'bearer' });

    // The real app: logout by cookie needs the CSRF token too, and clears both cookies.
    const refused = await app.app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie: cookieHeader } });
    expect(await errorCodeOf(refused)).toBe('CSRF_FAILED');
    const logout = await app.app.request('/api/v1/auth/logout', {
      method: 'POST',
      headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken },
    });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().every((cookie) => cookie.includes('Max-Age=0'))).toBe(true);
    const after = await images.request('/api/v1/images/1.2.3/thumbnail', { headers: { cookie: cookieHeader } });
    expect(await errorCodeOf(after)).toBe('SESSION_REVOKED');
  });

  it('signs image URLs that authenticate GETs for their path until they expire or the session ends', async () => {
    const viewer = await app.login({ roles: ['viewer'] });
    const sign = async (path: string) =>
      app.app.request('/api/v1/auth/image-url', { ...jsonRequest({ path }, viewer.headers) });
    const signed = await jsonOf(await sign('/api/v1/images/1.2.3/thumbnail?size=128'), SignedImageUrl);
    expect(signed.url).toMatch(/^\/api\/v1\/images\/1\.2\.3\/thumbnail\?size=128&exp=\d+&sid=[0-9a-f-]+&sig=[\w-]+$/);
    expect(Date.parse(signed.expiresAt) - clock).toBeLessThanOrEqual(15 * 60_000);
    const valid = await images.request(signed.url);
    expect(await valid.json()).toEqual({ userId: viewer.user.id, method: 'signed-url' });

    const url = new URL(signed.url, 'http://x');
    const tamper = async (change: (params: URLSearchParams) => void, path = url.pathname) => {
      const params = new URLSearchParams(url.search);
      change(params);
      const response = await images.request(`${path}?${params}`);
      expect(response.status).toBe(401);
      return errorCodeOf(response);
    };
    expect(await tamper((params) => params.set('size', '4096'))).toBe('SIGNED_URL_INVALID');
    expect(await tamper((params) => params.set('exp', String(Number(params.get('exp')) + 600)))).toBe(
      'SIGNED_URL_INVALID',
    );
    expect(await tamper((params) => params.set('sid', user.sessionId))).toBe('SIGNED_URL_INVALID');
    expect(await tamper((params) => params.set('sig', `${params.get('sig')?.slice(0, -3)}AAA`))).toBe(
      'SIGNED_URL_INVALID',
    );
    expect(await tamper(() => undefined, '/api/v1/images/9.9.9/thumbnail')).toBe('SIGNED_URL_INVALID');
    // Only GET: the same signature cannot drive a state change.
    const post = await images.request(signed.url.replace('/thumbnail', '/invalidate-cache'), { method: 'POST' });
    expect(await errorCodeOf(post)).toBe('SIGNED_URL_INVALID');

    // DICOMweb rendered resources can be signed; other paths cannot.
    const rendered = await jsonOf(await sign('/dicomweb/studies/1.2.3/rendered'), SignedImageUrl);
    expect(await (await images.request(rendered.url)).json()).toMatchObject({ method: 'signed-url' });
    for (const path of [
      '/api/v1/auth/me',
      '/dicomweb/studies/1.2.3',
      '/api/v1/images/../auth/me',
      'https://evil.test/api/v1/images/1/thumbnail',
    ]) {
      const refused = await sign(path);
      expect(refused.status).toBe(400);
    }

    // Expired.
    clock += 15 * 60_000 + 1000;
    expect(await errorCodeOf(await images.request(signed.url))).toBe('SIGNED_URL_INVALID');
  });

  it('stops a signed URL once its session is revoked', async () => {
    const viewer = await app.login({ roles: ['viewer'] });
    const signed = await jsonOf(
      await app.app.request('/api/v1/auth/image-url', {
        ...jsonRequest({ path: '/api/v1/images/1.2.3/thumbnail' }, viewer.headers),
      }),
      SignedImageUrl,
    );
    expect((await images.request(signed.url)).status).toBe(200);
    await app.app.request('/api/v1/auth/logout', { method: 'POST', headers: viewer.headers });
    const response = await images.request(signed.url);
    expect(response.status).toBe(401);
    expect(await errorCodeOf(response)).toBe('SESSION_REVOKED');
  });
});
