import { AppError } from '@lucent/shared';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { requestOriginOf } from '../request-origin.js';

export interface RequestRateLimitOptions {
  limiter: RateLimiter;
  /** Requests per window per signed-in user; 0 = off. */
  perUser: number;
  /** Requests per window per client address without an identity; 0 = off. */
  anonymous: number;
  /** Upload requests per window per user (or address); 0 = off. */
  uploads: number;
  windowMs?: number;
}

const HOUR_MS = 3_600_000;

/** Uploads: the REST ingest route and STOW-RS. */
const isUpload = (c: Context<AppEnv>) =>
  c.req.method === 'POST' && (c.req.path === '/api/v1/instances' || c.req.path.startsWith('/dicomweb/studies'));

/**
 * Fixed-window request limits (Redis when configured, so every API process shares them; else in
 * process): per signed-in user, per address for anonymous callers, and a tighter one for uploads.
 * Runs after authentication. Answers 429 RATE_LIMITED with Retry-After; every limited response
 * carries RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset of the tightest window applied.
 * Health probes and CORS preflights are exempt.
 */
export function requestRateLimits(options: RequestRateLimitOptions): MiddlewareHandler<AppEnv> {
  const windowMs = options.windowMs ?? HOUR_MS;
  return async function requestRateLimits(c, next) {
    if (c.req.path.startsWith('/health/') || c.req.method === 'OPTIONS') return next();
    const auth = c.get('auth');
    const who = auth === null ? `ip:${requestOriginOf(c).ip}` : `user:${auth.userId}`;
    const windows: Array<{ key: string; limit: number }> = [];
    const general = auth === null ? options.anonymous : options.perUser;
    if (general > 0) windows.push({ key: `req:${who}`, limit: general });
    if (options.uploads > 0 && isUpload(c)) windows.push({ key: `upload:${who}`, limit: options.uploads });
    let tightest: { limit: number; remaining: number; reset: number } | undefined;
    for (const window of windows) {
      const decision = await options.limiter.hit(window.key, window.limit, windowMs);
      const remaining = Math.max(0, window.limit - decision.count);
      if (tightest === undefined || remaining < tightest.remaining) {
        tightest = { limit: window.limit, remaining, reset: decision.retryAfterSeconds };
      }
      if (!decision.allowed) {
        c.header('RateLimit-Limit', String(window.limit));
        c.header('RateLimit-Remaining', '0');
        c.header('RateLimit-Reset', String(decision.retryAfterSeconds));
        throw new AppError('RATE_LIMITED', { details: { retryAfterSeconds: decision.retryAfterSeconds } });
      }
    }
    await next();
    if (tightest !== undefined) {
      c.res.headers.set('RateLimit-Limit', String(tightest.limit));
      c.res.headers.set('RateLimit-Remaining', String(tightest.remaining));
      c.res.headers.set('RateLimit-Reset', String(tightest.reset));
    }
  };
}
