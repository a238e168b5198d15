import { AppError, ErrorCodes, isAppError, type Permission } from '@lucent/shared';
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import { appErrorOf } from '../app/app-error-of.js';
import type { Services } from '../app/services.js';
import type { AuthContext, RequestOrigin } from '../security/auth-context.js';

export interface TrpcContext {
  services: Services;
  requestId: string;
  signal?: AbortSignal;
  /** The authenticated caller (token and live session checked); null or absent when anonymous. */
  auth?: AuthContext | null;
  /** Why the request's credential was refused (expired, revoked…): what an unauthenticated call answers. */
  authError?: AppError | null;
  /** Client address and user agent, for the audit trail and rate limits. */
  origin?: RequestOrigin;
  /** Response headers the procedure may set (cookies on login/logout). */
  resHeaders?: Headers;
}

/** What each procedure demands: a permission, or nothing (public, with the reason). A test checks every procedure has one. */
export type ProcedureAccess = { permission: Permission } | { authenticated: string } | { public: string };

export interface ProcedureMeta {
  access?: ProcedureAccess;
}

/** tRPC's own code for an HTTP status, so the transport status matches the product's code. */
function trpcCodeFor(status: number): TRPC_ERROR_CODE_KEY {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 406:
      return 'BAD_REQUEST';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 422:
      return 'UNPROCESSABLE_CONTENT';
    case 429:
      return 'TOO_MANY_REQUESTS';
    case 499:
      return 'CLIENT_CLOSED_REQUEST';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    case 504:
      return 'TIMEOUT';
    default:
      return 'INTERNAL_SERVER_ERROR';
  }
}

/** The product error behind a tRPC error: thrown AppErrors, input validation, or tRPC's own protocol errors. */
function appErrorBehind(error: TRPCError): AppError {
  const { cause } = error;
  if (isAppError(cause) || cause instanceof ZodError) return appErrorOf(cause);
  if (error.code === 'NOT_FOUND') return new AppError('NOT_FOUND', { message: error.message });
  if (error.code === 'INTERNAL_SERVER_ERROR') return new AppError('INTERNAL');
  return new AppError('VALIDATION_FAILED', { message: error.message });
}

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureMeta>()
  .create({
    /** Every error carries the product's code (`data.appCode`, `data.numericCode`): the one place tRPC errors are shaped. */
    errorFormatter({ shape, error, ctx }) {
      const appError = appErrorBehind(error);
      const internal = appError.code === 'INTERNAL';
      return {
        ...shape,
        message: internal ? ErrorCodes.INTERNAL.message : appError.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          appCode: appError.code,
          numericCode: appError.numericCode,
          ...(ctx?.requestId === undefined ? {} : { requestId: ctx.requestId }),
          ...(appError.details === undefined || internal ? {} : { details: appError.details }),
        },
      };
    },
  });

/** Thrown AppErrors (and engine errors) become TRPCErrors whose HTTP status is the catalogue's. */
const appErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause } = result.error;
  if (isAppError(cause) || cause instanceof ZodError) {
    const appError = appErrorOf(cause);
    const retryAfter = appError.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') ctx.resHeaders?.set('Retry-After', String(retryAfter));
    return {
      ...result,
      error: new TRPCError({ code: trpcCodeFor(appError.status), message: appError.message, cause: appError }),
    };
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
const baseProcedure = t.procedure.use(appErrors);

/** A procedure anyone may call; `reason` says why it needs no identity (it is the declaration the access test reads). */
export const publicProcedure = (reason: string) => baseProcedure.meta({ access: { public: reason } });

/** A procedure any signed-in user may call about themselves (me, logout, own sessions); `reason` says why no permission. */
export const authenticatedProcedure = (reason: string) =>
  baseProcedure.meta({ access: { authenticated: reason } }).use(async function requireSession({ ctx, next }) {
    const auth = ctx.auth ?? null;
    if (auth === null) throw ctx.authError ?? new AppError('UNAUTHENTICATED');
    return next({ ctx: { ...ctx, auth } });
  });

/**
 * A procedure that needs an identity with `permission`: UNAUTHENTICATED without a session, FORBIDDEN
 * without the permission. Inside, `ctx.auth` is non-null. Facility scoping is the service's job.
 */
export const protectedProcedure = (permission: Permission) =>
  baseProcedure.meta({ access: { permission } }).use(async function requirePermission({ ctx, next }) {
    const auth = ctx.auth ?? null;
    if (auth === null) throw ctx.authError ?? new AppError('UNAUTHENTICATED');
    if (!auth.permissions.has(permission)) throw new AppError('FORBIDDEN');
    return next({ ctx: { ...ctx, auth } });
  });
