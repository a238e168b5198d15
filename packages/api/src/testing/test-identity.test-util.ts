import { randomBytes, randomUUID } from 'node:crypto';
import { permissionsForRoles, type Role } from '@lucent/shared';
import type { Context } from 'hono';
import type { AppEnv } from '../app/app-env.js';
import type { AuthContext } from '../security/auth-context.js';

/** The header a test request carries to act as an identity registered with `TestIdentities.headersFor`. */
export const TEST_IDENTITY_HEADER = 'x-lucent-test-identity';

export interface TestIdentityOptions {
  facilityId: string;
  userId?: string;
  email?: string;
}

/** An AuthContext as the authentication middleware would build it for a user holding `roles`. */
export function testAuth(roles: readonly Role[], options: TestIdentityOptions): AuthContext {
  const userId = options.userId ?? randomUUID();
  return {
    userId,
    email: options.email ?? `${roles.join('-') || 'nobody'}-${userId.slice(0, 8)}@test.invalid`,
    sessionId: randomUUID(),
    roles,
    permissions: permissionsForRoles(roles),
    facilityId: options.facilityId,
    method: 'bearer',
  };
}

/**
 * Identities injected into a test app (createApp's `authenticate` option): a request carrying the
 * random token of a registered identity acts as it; a request without the header acts as
 * `fallback()` (the test app's system administrator, so older tests keep working) unless the
 * fallback is null (anonymous). An unknown token is anonymous.
 */
export interface TestIdentities {
  authenticate(c: Context<AppEnv>): AuthContext | null;
  headersFor(auth: AuthContext | null): Record<string, string>;
}

export function createTestIdentities(fallback: () => AuthContext | null): TestIdentities {
  const byToken = new Map<string, AuthContext>();
  const tokenOf = new Map<AuthContext, string>();
  return {
    authenticate(c) {
      const token = c.req.header(TEST_IDENTITY_HEADER);
      if (token === undefined) return fallback();
      return byToken.get(token) ?? null;
    },
    headersFor(auth) {
      if (auth === null) return { [TEST_IDENTITY_HEADER]: 'anonymous' };
      let token = tokenOf.get(auth);
      if (token === undefined) {
        token = randomBytes(16).toString('hex');
        byToken.set(token, auth);
        tokenOf.set(auth, token);
      }
      return { [TEST_IDENTITY_HEADER]: token };
    },
  };
}
