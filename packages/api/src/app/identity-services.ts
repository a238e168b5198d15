import type { Engine } from '@lucent/engine';
import type { Env } from '../config/env.js';
import type { Database } from '../db/open-database.js';
import { type AuthService, createAuthService } from '../modules/auth/auth.service.js';
import { bootstrapAdmin } from '../modules/users/bootstrap-admin.js';
import { createUsersService, type UsersService } from '../modules/users/users.service.js';
import type { Logger } from '../observability/logger.js';
import type { KeyMaterial } from '../security/keys/key-material.js';
import {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  type RateLimiter,
} from '../security/rate-limit/rate-limiter.js';
import { createSecurityEvents, type SecurityEvents } from '../security/security-events.js';
import { createMemorySessionStore } from '../security/sessions/memory-session-store.js';
import { createRedisSessionStore } from '../security/sessions/redis-session-store.js';
import { createSessionsService, type SessionsService } from '../security/sessions/sessions.service.js';
import { createAccessTokens } from '../security/tokens/access-tokens.js';

export interface IdentityServices {
  securityEvents: SecurityEvents;
  users: UsersService;
  sessions: SessionsService;
  auth: AuthService;
  rateLimiter: RateLimiter;
}

/**
 * Users, sessions (Redis when REDIS_URL is set, else in process), access tokens, login rate limits
 * and the security events; creates the first administrator when there is no user yet.
 */
export async function createIdentityServices(options: {
  env: Env;
  logger: Logger;
  db: Database;
  engine: Engine;
  keys: KeyMaterial;
  now?: (() => number) | undefined;
  /** Listeners to attach before anything can emit (the audit trail, so even the bootstrap admin is recorded). */
  subscribe?: ((events: SecurityEvents) => void) | undefined;
}): Promise<IdentityServices> {
  const { env, logger, db, engine, keys } = options;
  const now = options.now ?? Date.now;
  const securityEvents = createSecurityEvents({
    onError: (error) => logger.warn({ err: error }, 'a security event listener failed'),
    now,
  });
  options.subscribe?.(securityEvents);
  const redis = env.REDIS_URL === undefined ? undefined : { url: env.REDIS_URL, prefix: env.REDIS_KEY_PREFIX };
  const store =
    redis === undefined
      ? createMemorySessionStore({ now })
      : createRedisSessionStore({
          ...redis,
          now,
          onTrackingError: (error) =>
            logger.warn({ err: error }, 'Redis key tracking failed: session checks read Redis until it is restored'),
        });
  const rateLimiter =
    redis === undefined ? createMemoryRateLimiter({ now }) : createRedisRateLimiter({ ...redis, now });
  const users = createUsersService({ db, engine, events: securityEvents, scryptLn: env.PASSWORD_SCRYPT_LN, now });
  const sessions = createSessionsService({ store, events: securityEvents, now });
  const tokens = createAccessTokens({ keys, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, now });
  const auth = createAuthService({
    users,
    sessions,
    tokens,
    limiter: rateLimiter,
    events: securityEvents,
    keys,
    loginAttemptsPerMinute: env.LOGIN_ATTEMPTS_PER_MINUTE,
    now,
  });
  const identity = { securityEvents, users, sessions, auth, rateLimiter };
  try {
    await bootstrapAdmin({ db, engine, env, logger, events: securityEvents });
  } catch (error) {
    await closeIdentityServices(identity);
    throw error;
  }
  return identity;
}

export async function closeIdentityServices(services: IdentityServices): Promise<void> {
  await services.securityEvents.idle();
  await services.sessions.store.close();
  await services.rateLimiter.close();
}
