import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../../app/app-env.js';

/**
 * Security headers on every response (errors, 304s and tRPC included): HSTS (two years, subdomains),
 * nosniff, a CSP that loads nothing and may not be framed, X-Frame-Options DENY, no Referer.
 * Cross-Origin-Resource-Policy is same-origin unless CORS origins are configured (then a listed
 * viewer may embed images; reads still need a credential).
 */
export function securityHeaders(options: { corsOrigins: readonly string[] }): MiddlewareHandler<AppEnv> {
  const headers = secureHeaders({
    strictTransportSecurity: 'max-age=63072000; includeSubDomains',
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    crossOriginResourcePolicy: options.corsOrigins.length === 0 ? 'same-origin' : 'cross-origin',
  });
  return async function securityHeaders(c, next) {
    await headers(c, next);
  };
}
