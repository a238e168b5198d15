import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';

const VIEWER_ORIGIN = 'https://viewer.hospital.test';

describe('hardening: security headers and CORS', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({
      backend: 'embedded',
      env: { CORS_ORIGINS: `${VIEWER_ORIGIN}, http://localhost:5173` },
    });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it.each([
    ['a JSON answer', '/api/v1/jobs/00000000-0000-4000-8000-000000000000', {}],
    ['a 401', '/api/v1/instances/1.2.3', { anonymous: true }],
    ['a health probe', '/health/live', {}],
    ['tRPC', '/trpc/studies.search', {}],
    ['an unknown path', '/nowhere', {}],
  ])('sets the security headers on %s', async (_, path, init) => {
    const response = await app.app.request(path, init);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('answers a listed origin with its own name and credentials, and says nothing to others', async () => {
    const listed = await app.app.request('/health/live', { headers: { origin: VIEWER_ORIGIN } });
    expect(listed.headers.get('access-control-allow-origin')).toBe(VIEWER_ORIGIN);
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(listed.headers.get('vary')).toContain('Origin');
    const other = await app.app.request('/health/live', { headers: { origin: 'https://evil.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers preflights: allowed methods and headers for a listed origin only', async () => {
    const preflight = (origin: string) =>
      app.app.request('/api/v1/instances', {
        method: 'OPTIONS',
        anonymous: true,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const listed = await preflight('http://localhost:5173');
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(listed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(listed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const other = await preflight('http://localhost:5174');
    expect(other.status).toBe(204);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows no origin by default', async () => {
    const plain = await createTestApp({ backend: 'embedded' });
    try {
      const response = await plain.app.request('/health/live', { headers: { origin: VIEWER_ORIGIN } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    } finally {
      await plain.dispose();
    }
  });
});

describe('hardening: request rate limits (Redis)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({
      env: { RATE_LIMIT_USER_PER_HOUR: '5', RATE_LIMIT_ANONYMOUS_PER_HOUR: '3', RATE_LIMIT_UPLOADS_PER_HOUR: '2' },
    });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('limits each signed-in user separately: 429 RATE_LIMITED with Retry-After and RateLimit headers', async () => {
    const alice = await app.login({ roles: ['viewer'] });
    const bob = await app.login({ roles: ['viewer'] });
    const path = '/api/v1/instances/1.2.3.4';
    for (let index = 0; index < 5; index++) {
      const response = await app.app.request(path, { headers: alice.headers });
      expect(response.status).toBe(404);
      expect(response.headers.get('ratelimit-limit')).toBe('5');
      expect(response.headers.get('ratelimit-remaining')).toBe(String(4 - index));
    }
    const limited = await app.app.request(path, { headers: alice.headers });
    expect(limited.status).toBe(429);
    expect(await errorCodeOf(limited)).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect((await app.app.request(path, { headers: bob.headers })).status).toBe(404);
  });

  it('limits anonymous callers per address, and never the health probes', async () => {
    for (let index = 0; index < 3; index++) {
      expect((await app.app.request('/api/v1/instances/1.2.3', { anonymous: true })).status).toBe(401);
    }
    const limited = await app.app.request('/api/v1/instances/1.2.3', { anonymous: true });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).not.toBeNull();
    for (let index = 0; index < 5; index++) {
      expect((await app.app.request('/health/live', { anonymous: true })).status).toBe(200);
    }
  });

  it('limits uploads tighter than other requests', async () => {
    const uploader = await app.login({ roles: ['radiographer'] });
    const upload = () =>
      app.app.request('/api/v1/instances', {
        method: 'POST',
        headers: { ...uploader.headers, 'content-type': 'application/dicom' },
        body: new Uint8Array([1, 2, 3]),
      });
    expect((await upload()).status).not.toBe(429);
    expect((await upload()).status).not.toBe(429);
    const limited = await upload();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-limit')).toBe('2');
    // Other requests of the same user still pass.
    expect((await app.app.request('/api/v1/instances/1.2.3', { headers: uploader.headers })).status).toBe(404);
  });
});
