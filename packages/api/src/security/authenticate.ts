import { AppError, isAppError } from '@lucent/shared';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../app/app-env.js';
import { requestHeader } from '../http/request-header.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import type { KeyMaterial } from './keys/key-material.js';
import { csrfMatches, isSignablePath } from './signed-urls.js';

export const SESSION_COOKIE = 'lucent_session';
export const CSRF_COOKIE = 'lucent_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * Who is calling: `Authorization: Bearer <access token>`, else the session cookie (state-changing
 * requests must then carry the CSRF token in X-CSRF-Token), else a signed image URL. Sets
 * `c.get('auth')`; never refuses a request itself: a bad, expired or revoked credential is kept in
 * `c.get('authError')`, and the route's requirePermission/requireSession answers 401 with that code.
 */
export function authenticate(auth: AuthService, keys: KeyMaterial): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    c.set('auth', null);
    c.set('authError', null);
    try {
      const header = requestHeader(c, 'authorization');
      if (header !== undefined) {
        const token = BEARER.exec(header)?.[1];
        if (token === undefined) throw new AppError('TOKEN_INVALID');
        c.set('auth', await auth.authenticateToken(token, 'bearer'));
      } else {
        const cookie = getCookie(c, SESSION_COOKIE);
        if (cookie !== undefined && cookie !== '') {
          const caller = await auth.authenticateToken(cookie, 'cookie');
          if (
            !SAFE_METHODS.has(c.req.method) &&
            !csrfMatches(keys.urlSigningKey, caller.sessionId, requestHeader(c, CSRF_HEADER))
          )
            throw new AppError('CSRF_FAILED');
          c.set('auth', caller);
        } else if (c.req.query('sig') !== undefined && isSignablePath(c.req.path)) {
          if (c.req.method !== 'GET' && c.req.method !== 'HEAD') throw new AppError('SIGNED_URL_INVALID');
          c.set('auth', await auth.authenticateSignedUrl(new URL(c.req.url)));
        }
      }
    } catch (error) {
      // Infrastructure failures (Redis down…) are not "bad credentials": they fail the request.
      if (!isAppError(error) || error.status >= 500) throw error;
      c.set('authError', error);
    }
    await next();
  };
}
