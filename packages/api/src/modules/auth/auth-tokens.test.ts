import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp, type TestLogin } from '../../testing/test-app.test-util.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens: JWT attacks answer 401 with the precise code', () => {
  let app: TestApp;
  let user: TestLogin;
  let claims: Record<string, unknown>;

  /** A token signed with the server's real key, with these claims changed. */
  const signed = (overrides: Record<string, unknown>) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims, iat: now, exp: now + 600, ...overrides })
      .setProtectedHeader({ alg: 'EdDSA', kid: app.services.keys.signing.activeKid })
      .sign(app.services.keys.signing.privateKey);
  };
  const me = (token: string) => app.app.request('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    app = await createTestApp();
    user = await app.login({ roles: ['viewer'] });
    const [, payload = ''] = user.accessToken.split('.');
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('accepts a genuine token and says who it is', async () => {
    const response = await me(user.accessToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: user.user.id, roles: ['viewer'], facilityCode: 'default' });
    expect(claims).toMatchObject({
      sub: user.user.id,
      sid: user.sessionId,
      roles: ['viewer'],
      iss: 'lucent',
      aud: 'lucent-api',
    });
    expect(typeof claims.jti).toBe('string');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    const [header = ''] = user.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({
      alg: 'EdDSA',
      kid: app.services.keys.signing.activeKid,
    });
  });

  it('refuses alg none', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT', kid: app.services.keys.signing.activeKid })}.${b64(claims)}.`;
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(await errorCodeOf(response)).toBe('TOKEN_INVALID');
  });

  it('refuses HS256 signed with the public key as the HMAC secret', async () => {
    const jwk = app.services.keys.signing.jwks.keys[0];
    for (const secret of [JSON.stringify(jwk), String(jwk?.x)]) {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: app.services.keys.signing.activeKid })
        .sign(new TextEncoder().encode(secret));
      const response = await me(token);
      expect(response.status).toBe(401);
      expect(await errorCodeOf(response)).toBe('TOKEN_INVALID');
    }
  });

  it('refuses a token signed by a key with an unknown kid', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: 'attacker' }).sign(privateKey);
    expect(await errorCodeOf(await me(token))).toBe('TOKEN_INVALID');
    // A foreign key claiming the server's kid fails the signature check.
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: app.services.keys.signing.activeKid })
      .sign(privateKey);
    expect(await errorCodeOf(await me(forged))).toBe('TOKEN_INVALID');
  });

  it('answers TOKEN_EXPIRED for an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const response = await me(await signed({ iat: now - 1000, exp: now - 100 }));
    expect(response.status).toBe(401);
    expect(await errorCodeOf(response)).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token not yet valid (nbf or iat in the future)', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await errorCodeOf(await me(await signed({ nbf: now + 600 })))).toBe('TOKEN_INVALID');
    expect(await errorCodeOf(await me(await signed({ iat: now + 600, exp: now + 1200 })))).toBe('TOKEN_INVALID');
  });

  it('refuses a tampered payload (roles raised, signature kept)', async () => {
    const [header, , signature] = user.accessToken.split('.');
    const token = `${header}.${b64({ ...claims, roles: ['system_admin'] })}.${signature}`;
    expect(await errorCodeOf(await me(token))).toBe('TOKEN_INVALID');
  });

  it('refuses another issuer or audience, and a malformed Authorization header', async () => {
    expect(await errorCodeOf(await me(await signed({ iss: 'someone-else' })))).toBe('TOKEN_INVALID');
    expect(await errorCodeOf(await me(await signed({ aud: 'another-api' })))).toBe('TOKEN_INVALID');
    const response = await app.app.request('/api/v1/auth/me', { headers: { authorization: 'Basic abc' } });
    expect(await errorCodeOf(response)).toBe('TOKEN_INVALID');
  });

  it('answers UNAUTHENTICATED without any credential', async () => {
    const response = await app.app.request('/api/v1/auth/me', { anonymous: true });
    expect(response.status).toBe(401);
    expect(await errorCodeOf(response)).toBe('UNAUTHENTICATED');
  });

  it('answers SESSION_REVOKED for a valid token whose session ended (logout)', async () => {
    const other = await app.login({ roles: ['nurse'] });
    expect((await me(other.accessToken)).status).toBe(200);
    const logout = await app.app.request('/api/v1/auth/logout', { method: 'POST', headers: other.headers });
    expect(logout.status).toBe(204);
    const response = await me(other.accessToken);
    expect(response.status).toBe(401);
    expect(await errorCodeOf(response)).toBe('SESSION_REVOKED');
  });

  it('serves the public keys at /.well-known/jwks.json', async () => {
    const response = await app.app.request('/.well-known/jwks.json', { anonymous: true });
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(keys).toContainEqual(
      expect.objectContaining({ kid: app.services.keys.signing.activeKid, alg: 'EdDSA', kty: 'OKP' }),
    );
    expect(keys.every((key) => key.d === undefined)).toBe(true);
  });
});
