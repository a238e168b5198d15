import { randomUUID } from 'node:crypto';
import { AppError, Role } from '@lucent/shared';
import { errors, type JWTHeaderParameters, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { KeyMaterial } from '../keys/key-material.js';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** The claims of a Lucent access token (after signature and time checks). */
export const AccessTokenClaims = z.object({
  sub: z.string().uuid(),
  sid: z.string().uuid(),
  roles: z.array(Role),
  facility: z.string().uuid(),
  jti: z.string().min(1),
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  iat: z.number(),
  exp: z.number(),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaims>;

export interface AccessTokens {
  sign(subject: { userId: string; sessionId: string; roles: readonly Role[]; facilityId: string }): Promise<string>;
  /** The claims, or 401 TOKEN_EXPIRED / TOKEN_INVALID. Accepts only EdDSA and only the key file's kids. */
  verify(token: string): Promise<AccessTokenClaims>;
}

/** Verified tokens kept (per process) so a token's signature is checked once, not on every request. */
const VERIFIED_CACHE_ENTRIES = 10_000;
const CLOCK_TOLERANCE_SECONDS = 5;

export function createAccessTokens(options: {
  keys: KeyMaterial;
  issuer: string;
  audience: string;
  now?: () => number;
}): AccessTokens {
  const { keys, issuer, audience } = options;
  const now = options.now ?? Date.now;
  const seconds = () => Math.floor(now() / 1000);
  const keyFor = async (header: JWTHeaderParameters) => {
    const key = header.kid === undefined ? undefined : keys.signing.publicKeys.get(header.kid);
    if (key === undefined) throw new errors.JWKSNoMatchingKey();
    return key;
  };

  /** token → its claims (signature, kid, alg, iss, aud and times checked once); exp is re-checked on each use. */
  const verified = new Map<string, AccessTokenClaims>();
  const remember = (token: string, claims: AccessTokenClaims) => {
    if (verified.size >= VERIFIED_CACHE_ENTRIES) {
      const oldest = verified.keys().next().value;
      if (oldest !== undefined) verified.delete(oldest);
    }
    verified.set(token, claims);
  };

  return {
    async sign({ userId, sessionId, roles, facilityId }) {
      const iat = seconds();
      return new SignJWT({ sid: sessionId, roles: [...roles], facility: facilityId })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: keys.signing.activeKid })
        .setSubject(userId)
        .setJti(randomUUID())
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
        .sign(keys.signing.privateKey);
    },
    async verify(token) {
      const known = verified.get(token);
      if (known !== undefined) {
        if (seconds() >= known.exp + CLOCK_TOLERANCE_SECONDS) {
          verified.delete(token);
          throw new AppError('TOKEN_EXPIRED');
        }
        return known;
      }
      try {
        const { payload } = await jwtVerify(token, keyFor, {
          algorithms: ['EdDSA'],
          issuer,
          audience,
          requiredClaims: ['sub', 'sid', 'jti', 'exp', 'iat'],
          currentDate: new Date(now()),
          // A token issued "in the future" (beyond clock skew) is not valid yet.
          maxTokenAge: ACCESS_TOKEN_TTL_SECONDS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        });
        const claims = AccessTokenClaims.safeParse(payload);
        if (!claims.success) throw new AppError('TOKEN_INVALID');
        remember(token, claims.data);
        return claims.data;
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new AppError('TOKEN_EXPIRED');
        throw new AppError('TOKEN_INVALID');
      }
    },
  };
}
