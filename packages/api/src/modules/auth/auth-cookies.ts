import { CSRF_COOKIE, SESSION_COOKIE } from '../../security/authenticate.js';
import { csrfTokenOf } from '../../security/signed-urls.js';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../security/tokens/access-tokens.js';

/**
 * Set-Cookie values for a browser session: the access token in an HttpOnly, Secure, SameSite=Strict
 * cookie (so <img> requests carry it) and the CSRF token in a readable cookie, both living as long as
 * the access token (refresh with setCookie renews them).
 */
export function sessionCookies(accessToken: string, sessionId: string, urlSigningKey: Uint8Array): string[] {
  const common = `Path=/; Max-Age=${ACCESS_TOKEN_TTL_SECONDS}; Secure; SameSite=Strict`;
  return [
    `${SESSION_COOKIE}=${accessToken}; ${common}; HttpOnly`,
    `${CSRF_COOKIE}=${csrfTokenOf(urlSigningKey, sessionId)}; ${common}`,
  ];
}

/** Set-Cookie values that delete both cookies (logout). */
export function clearedCookies(): string[] {
  const common = 'Path=/; Max-Age=0; Secure; SameSite=Strict';
  return [`${SESSION_COOKIE}=; ${common}; HttpOnly`, `${CSRF_COOKIE}=; ${common}`];
}
