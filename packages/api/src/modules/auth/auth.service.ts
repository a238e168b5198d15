import { createHash } from 'node:crypto';
import {
  AppError,
  type ChangePasswordInput,
  type LoginInput,
  permissionsForRoles,
  type SignedImageUrl,
  type SignImageUrlInput,
  type TokenResponse,
  type UserProfile,
} from '@lucent/shared';
import type { AuthContext, AuthMethod, RequestOrigin } from '../../security/auth-context.js';
import { facilityScopeOf } from '../../security/auth-context.js';
import type { KeyMaterial } from '../../security/keys/key-material.js';
import type { RateLimiter } from '../../security/rate-limit/rate-limiter.js';
import type { SecurityEvents } from '../../security/security-events.js';
import type { SessionRecord } from '../../security/sessions/session-store.js';
import type { SessionGrant, SessionsService } from '../../security/sessions/sessions.service.js';
import { SIGNED_URL_MAX_SECONDS, signUrl, verifySignedUrl } from '../../security/signed-urls.js';
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokens } from '../../security/tokens/access-tokens.js';
import { userProfileOf } from '../users/user-rows.js';
import { normalizeEmail, type UsersService } from '../users/users.service.js';

/** A sign-in or refresh: the token response and the session it belongs to (for cookies). */
export interface Grant {
  tokens: TokenResponse;
  sessionId: string;
}

export interface AuthService {
  /** 401 INVALID_CREDENTIALS (unknown email, wrong password and inactive look the same), 429 ACCOUNT_LOCKED / RATE_LIMITED. */
  login(input: LoginInput, origin: RequestOrigin): Promise<Grant>;
  refresh(refreshToken: string, origin: RequestOrigin): Promise<Grant>;
  logout(auth: AuthContext, origin: RequestOrigin): Promise<void>;
  me(auth: AuthContext): Promise<UserProfile>;
  /** Ends the user's other sessions. */
  changePassword(auth: AuthContext, input: ChangePasswordInput, origin: RequestOrigin): Promise<void>;
  /** The caller for an access token (Bearer or cookie): 401 TOKEN_EXPIRED / TOKEN_INVALID / SESSION_REVOKED. */
  authenticateToken(token: string, method: Exclude<AuthMethod, 'signed-url'>): Promise<AuthContext>;
  /** The caller for a signed image URL: 401 SIGNED_URL_INVALID / SESSION_REVOKED. */
  authenticateSignedUrl(url: URL): Promise<AuthContext>;
  signImageUrl(auth: AuthContext, input: SignImageUrlInput): SignedImageUrl;
  listSessions(auth: AuthContext): Promise<SessionRecord[]>;
  /** One of the caller's own sessions (another user's answers 404). */
  revokeSession(auth: AuthContext, sessionId: string, origin: RequestOrigin): Promise<void>;
  /** Every session of a user (sessions:manage; a facility admin only within its facility, else 404). */
  revokeAllForUser(auth: AuthContext, userId: string, origin: RequestOrigin): Promise<number>;
}

export interface AuthServiceOptions {
  users: UsersService;
  sessions: SessionsService;
  tokens: AccessTokens;
  limiter: RateLimiter;
  events: SecurityEvents;
  keys: KeyMaterial;
  loginAttemptsPerMinute: number;
  now?: () => number;
}

const accountKey = (email: string) => createHash('sha256').update(normalizeEmail(email)).digest('hex').slice(0, 32);
const rateLimited = (code: 'RATE_LIMITED' | 'ACCOUNT_LOCKED', retryAfterSeconds: number) =>
  new AppError(code, { details: { retryAfterSeconds } });

export function createAuthService(options: AuthServiceOptions): AuthService {
  const { users, sessions, tokens, limiter, events, keys } = options;
  const now = options.now ?? Date.now;

  function contextOf(session: SessionRecord, method: AuthMethod): AuthContext {
    return {
      userId: session.userId,
      email: session.email,
      sessionId: session.id,
      roles: session.roles,
      permissions: permissionsForRoles(session.roles),
      facilityId: session.facilityId,
      method,
    };
  }

  async function grantOf(grant: SessionGrant, profile: UserProfile): Promise<Grant> {
    const { session, refreshToken } = grant;
    const access = await tokens.sign({
      userId: session.userId,
      sessionId: session.id,
      roles: session.roles,
      facilityId: session.facilityId,
    });
    return {
      sessionId: session.id,
      tokens: {
        access_token: access,
        refresh_token: refreshToken,
        token_type: 'Bearer',
        expires_in: ACCESS_TOKEN_TTL_SECONDS,
        user: profile,
      },
    };
  }

  function failed(
    reason: 'unknown_user' | 'wrong_password' | 'inactive' | 'locked' | 'rate_limited',
    user: { id: string; email: string } | null,
    origin: RequestOrigin,
  ) {
    events.emit({
      type: 'login.failed',
      userId: user?.id ?? null,
      email: user?.email ?? null,
      sessionId: null,
      origin,
      reason,
    });
  }

  return {
    async login(input, origin) {
      const limit = options.loginAttemptsPerMinute;
      const byIp = await limiter.hit(`login:ip:${origin.ip}`, limit, 60_000);
      if (!byIp.allowed) {
        failed('rate_limited', null, origin);
        throw rateLimited('RATE_LIMITED', byIp.retryAfterSeconds);
      }
      const byAccount = await limiter.hit(`login:account:${accountKey(input.email)}`, limit, 60_000);
      if (!byAccount.allowed) {
        const user = await users.findByEmail(input.email);
        failed('rate_limited', user, origin);
        if (user?.lockedUntil != null && user.lockedUntil.getTime() > now())
          throw rateLimited('ACCOUNT_LOCKED', Math.ceil((user.lockedUntil.getTime() - now()) / 1000));
        throw rateLimited('RATE_LIMITED', byAccount.retryAfterSeconds);
      }
      const check = await users.verifyCredentials(input.email, input.password);
      if (!check.ok) {
        failed(check.reason, check.user, origin);
        if (check.reason === 'locked')
          throw rateLimited('ACCOUNT_LOCKED', Math.ceil((check.lockedUntil.getTime() - now()) / 1000));
        if (check.reason === 'wrong_password' && check.lockedUntil !== null)
          events.emit({
            type: 'account.locked',
            userId: check.user.id,
            email: check.user.email,
            sessionId: null,
            origin,
            lockedUntil: check.lockedUntil.getTime(),
          });
        throw new AppError('INVALID_CREDENTIALS');
      }
      const { user } = check;
      await users.recordLogin(user.id);
      const grant = await sessions.start(user, { rememberMe: input.rememberMe === true, origin });
      events.emit({ type: 'login.succeeded', userId: user.id, email: user.email, sessionId: grant.session.id, origin });
      return grantOf(grant, userProfileOf({ ...user, lastLoginAt: new Date(now()) }));
    },
    async refresh(refreshToken, origin) {
      const grant = await sessions.refresh(refreshToken, origin);
      const user = await users.findById(grant.session.userId);
      if (user === null || !user.active) {
        await sessions.end(grant.session.id, 'revoked', { userId: null, origin });
        throw new AppError('REFRESH_TOKEN_INVALID');
      }
      return grantOf(grant, userProfileOf(user));
    },
    async logout(auth, origin) {
      await sessions.store.remove(auth.sessionId);
      events.emit({ type: 'logout', userId: auth.userId, email: auth.email, sessionId: auth.sessionId, origin });
    },
    async me(auth) {
      const user = await users.findById(auth.userId);
      if (user === null) throw new AppError('SESSION_REVOKED');
      return userProfileOf(user);
    },
    async changePassword(auth, input, origin) {
      await users.changePassword(auth.userId, input.currentPassword, input.newPassword);
      await sessions.endAllForUser(auth.userId, 'password_changed', { userId: auth.userId, origin }, auth.sessionId);
      events.emit({
        type: 'password.changed',
        userId: auth.userId,
        email: auth.email,
        sessionId: auth.sessionId,
        origin,
      });
    },
    async authenticateToken(token, method) {
      const claims = await tokens.verify(token);
      const session = await sessions.check(claims.sid);
      if (session === null || session.userId !== claims.sub) throw new AppError('SESSION_REVOKED');
      return contextOf(session, method);
    },
    async authenticateSignedUrl(url) {
      const sessionId = verifySignedUrl(keys.urlSigningKey, url, Math.floor(now() / 1000));
      const session = await sessions.check(sessionId);
      if (session === null) throw new AppError('SESSION_REVOKED');
      return contextOf(session, 'signed-url');
    },
    signImageUrl(auth, input) {
      const expiresAt = Math.floor(now() / 1000) + (input.expiresIn ?? SIGNED_URL_MAX_SECONDS);
      return {
        url: signUrl(keys.urlSigningKey, input.path, auth.sessionId, expiresAt),
        expiresAt: new Date(expiresAt * 1000).toISOString(),
      };
    },
    listSessions: (auth) => sessions.list(auth.userId),
    async revokeSession(auth, sessionId, origin) {
      const session = await sessions.store.get(sessionId);
      if (session === null || session.userId !== auth.userId)
        throw new AppError('NOT_FOUND', { message: 'No such session' });
      await sessions.end(sessionId, 'revoked', { userId: auth.userId, origin });
    },
    async revokeAllForUser(auth, userId, origin) {
      const target = await users.findById(userId);
      const scope = facilityScopeOf(auth);
      if (target === null || (scope.kind === 'facility' && target.facilityId !== scope.facilityId))
        throw new AppError('NOT_FOUND', { message: 'No such user' });
      return sessions.endAllForUser(userId, 'revoke_all', { userId: auth.userId, origin });
    },
  };
}
