import {
  ChangePasswordInput,
  LoginInput,
  RefreshInput,
  SessionIdInput,
  SessionInfo,
  SignedImageUrl,
  SignImageUrlInput,
  TokenResponse,
  UserIdInput,
  UserProfile,
} from '@lucent/shared';
import { z } from 'zod';
import type { RequestOrigin } from '../../security/auth-context.js';
import {
  authenticatedProcedure,
  protectedProcedure,
  publicProcedure,
  router,
  type TrpcContext,
} from '../../trpc/trpc.js';
import { clearedCookies, sessionCookies } from './auth-cookies.js';
import { sessionInfoOf } from './session-info.js';

type OriginContext = Pick<TrpcContext, 'requestId'> & { origin?: RequestOrigin | undefined };
type CookieContext = { resHeaders?: Headers | undefined };

const originOf = (ctx: OriginContext): RequestOrigin =>
  ctx.origin ?? { ip: 'unknown', userAgent: null, requestId: ctx.requestId };

function setCookies(ctx: CookieContext, cookies: string[]) {
  for (const cookie of cookies) ctx.resHeaders?.append('Set-Cookie', cookie);
}

export const authRouter = router({
  login: publicProcedure('signing in is how an identity is obtained')
    .input(LoginInput)
    .output(TokenResponse)
    .mutation(async ({ ctx, input }) => {
      const grant = await ctx.services.auth.login(input, originOf(ctx));
      if (input.setCookie === true)
        setCookies(ctx, sessionCookies(grant.tokens.access_token, grant.sessionId, ctx.services.keys.urlSigningKey));
      return grant.tokens;
    }),
  refresh: publicProcedure('the refresh token is the credential (the access token may have expired)')
    .input(RefreshInput)
    .output(TokenResponse)
    .mutation(async ({ ctx, input }) => {
      const grant = await ctx.services.auth.refresh(input.refresh_token, originOf(ctx));
      if (input.setCookie === true)
        setCookies(ctx, sessionCookies(grant.tokens.access_token, grant.sessionId, ctx.services.keys.urlSigningKey));
      return grant.tokens;
    }),
  logout: authenticatedProcedure('ends the caller’s own session')
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await ctx.services.auth.logout(ctx.auth, originOf(ctx));
      setCookies(ctx, clearedCookies());
      return { ok: true as const };
    }),
  me: authenticatedProcedure('the caller’s own profile')
    .output(UserProfile)
    .query(({ ctx }) => ctx.services.auth.me(ctx.auth)),
  changePassword: authenticatedProcedure('the caller’s own password (the current one is required)')
    .input(ChangePasswordInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.changePassword(ctx.auth, input, originOf(ctx));
      return { ok: true as const };
    }),
  signImageUrl: authenticatedProcedure(
    'signs a URL for the caller’s own session; the image route checks the permission',
  )
    .input(SignImageUrlInput)
    .output(SignedImageUrl)
    .mutation(({ ctx, input }) => ctx.services.auth.signImageUrl(ctx.auth, input)),
});

export const sessionsRouter = router({
  list: authenticatedProcedure('the caller’s own sessions')
    .output(z.array(SessionInfo))
    .query(async ({ ctx }) =>
      (await ctx.services.auth.listSessions(ctx.auth)).map((session) => sessionInfoOf(session, ctx.auth.sessionId)),
    ),
  revoke: authenticatedProcedure('ends one of the caller’s own sessions (another user’s answers 404)')
    .input(SessionIdInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.revokeSession(ctx.auth, input.sessionId, originOf(ctx));
      return { ok: true as const };
    }),
  revokeAllForUser: protectedProcedure('sessions:manage')
    .input(UserIdInput)
    .output(z.object({ revoked: z.number().int().nonnegative() }))
    .mutation(async ({ ctx, input }) => ({
      revoked: await ctx.services.auth.revokeAllForUser(ctx.auth, input.userId, originOf(ctx)),
    })),
});
