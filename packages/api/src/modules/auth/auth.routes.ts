import { LoginInput, RefreshInput, SignImageUrlInput } from '@lucent/shared';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { readJson } from '../../http/read-json.js';
import type { AuthContext } from '../../security/auth-context.js';
import { requestOriginOf } from '../../security/request-origin.js';
import { publicRoute, requireSession } from '../../security/route-access.js';
import { clearedCookies, sessionCookies } from './auth-cookies.js';

function setCookies(c: Context<AppEnv>, cookies: string[]) {
  for (const cookie of cookies) c.header('Set-Cookie', cookie, { append: true });
}

/** The signed-in caller (requireSession ran first). */
const callerOf = (c: Context<AppEnv>): AuthContext => c.get('auth') as AuthContext;

/** REST forms of sign-in: POST /api/v1/auth/login|refresh|logout|image-url, GET /api/v1/auth/me. */
export function authRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post('/login', publicRoute('signing in is how an identity is obtained'), async (c) => {
    const input = LoginInput.parse(await readJson(c));
    const grant = await c.get('services').auth.login(input, requestOriginOf(c));
    if (input.setCookie === true)
      setCookies(c, sessionCookies(grant.tokens.access_token, grant.sessionId, c.get('services').keys.urlSigningKey));
    return c.json(grant.tokens);
  });
  routes.post('/refresh', publicRoute('the refresh token is the credential'), async (c) => {
    const input = RefreshInput.parse(await readJson(c));
    const grant = await c.get('services').auth.refresh(input.refresh_token, requestOriginOf(c));
    if (input.setCookie === true)
      setCookies(c, sessionCookies(grant.tokens.access_token, grant.sessionId, c.get('services').keys.urlSigningKey));
    return c.json(grant.tokens);
  });
  routes.post('/logout', requireSession('ends the caller’s own session'), async (c) => {
    await c.get('services').auth.logout(callerOf(c), requestOriginOf(c));
    setCookies(c, clearedCookies());
    return c.body(null, 204);
  });
  routes.get('/me', requireSession('the caller’s own profile'), async (c) =>
    c.json(await c.get('services').auth.me(callerOf(c))),
  );
  routes.post('/image-url', requireSession('signs a URL for the caller’s own session'), async (c) => {
    const input = SignImageUrlInput.parse(await readJson(c));
    return c.json(c.get('services').auth.signImageUrl(callerOf(c), input));
  });
  return routes;
}

/** GET /.well-known/jwks.json: the public keys that verify access tokens. */
export function jwksRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/jwks.json', publicRoute('public keys are public; clients verify tokens with them'), (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(c.get('services').keys.signing.jwks);
  });
  return routes;
}
