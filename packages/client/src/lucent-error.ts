import { type ErrorCode, isErrorCode } from '@lucent/shared';
import { isTRPCClientError } from '@trpc/client';

export interface LucentErrorOptions {
  message?: string;
  /** The HTTP status of the response; 0 when no response arrived (network failure). */
  status: number;
  numericCode?: number;
  requestId?: string;
  details?: Record<string, unknown>;
  /** How long the server asked to wait before trying again (Retry-After), when it said. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * An error answered by a Lucent server (REST or tRPC), or a failure to reach it. `code` is the
 * product's catalogue code (docs/errors.md), e.g. NOT_FOUND, INVALID_UID, INSTANCE_CONFLICT.
 */
export class LucentError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly numericCode: number | undefined;
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  /** Retry-After of the answer (429 RATE_LIMITED, 503), in seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, options: LucentErrorOptions) {
    super(options.message ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LucentError';
    this.code = code;
    this.status = options.status;
    this.numericCode = options.numericCode;
    this.requestId = options.requestId;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isLucentError(value: unknown): value is LucentError {
  return value instanceof LucentError;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The catalogue code for a status when the body carries none (a proxy's error page, say). */
function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  if (status === 504) return 'REQUEST_TIMEOUT';
  if (status >= 400 && status < 500) return 'VALIDATION_FAILED';
  return 'INTERNAL';
}

/** Retry-After as seconds: a delay (`120`) or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSecondsOf(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** A failure to reach the server at all (connection refused, DNS, reset). */
export function networkError(url: string, cause: unknown): LucentError {
  const reason = isRecord(cause) && isRecord(cause.cause) ? cause.cause.code : undefined;
  return new LucentError('SERVICE_UNAVAILABLE', {
    status: 0,
    message: `Could not reach the Lucent server at ${new URL(url).origin}${typeof reason === 'string' ? ` (${reason})` : ''}`,
    cause,
  });
}

/** The LucentError of a non-2xx REST response: `{ error: { code, numericCode, message, requestId } }`. */
export async function errorFromResponse(response: Response): Promise<LucentError> {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = isErrorCode(error?.code) ? error.code : codeForStatus(response.status);
  const retryAfterSeconds = retryAfterSecondsOf(response.headers.get('retry-after'));
  return new LucentError(code, {
    status: response.status,
    message: typeof error?.message === 'string' ? error.message : `HTTP ${response.status} ${response.statusText}`,
    ...(typeof error?.numericCode === 'number' ? { numericCode: error.numericCode } : {}),
    ...(typeof error?.requestId === 'string' ? { requestId: error.requestId } : requestId ? { requestId } : {}),
    ...(isRecord(error?.details) ? { details: error.details } : {}),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/** A tRPC client error as a LucentError: the server's `data.appCode`, or a network failure. */
export function errorFromTrpc(error: unknown, url: string): unknown {
  if (!isTRPCClientError(error)) return error;
  const data: unknown = error.data;
  const response = isRecord(error.meta) ? error.meta.response : undefined;
  const requestId = response instanceof Response ? (response.headers.get('x-request-id') ?? undefined) : undefined;
  if (!isRecord(data)) {
    // No error shape: the request never got an answer from a tRPC server.
    return response instanceof Response
      ? new LucentError(codeForStatus(response.status), {
          status: response.status,
          message: error.message,
          cause: error,
          ...(requestId ? { requestId } : {}),
        })
      : networkError(url, error.cause ?? error);
  }
  const status = typeof data.httpStatus === 'number' ? data.httpStatus : 500;
  const id = typeof data.requestId === 'string' ? data.requestId : requestId;
  return new LucentError(isErrorCode(data.appCode) ? data.appCode : codeForStatus(status), {
    status,
    message: error.message,
    cause: error,
    ...(typeof data.numericCode === 'number' ? { numericCode: data.numericCode } : {}),
    ...(id ? { requestId: id } : {}),
    ...(isRecord(data.details) ? { details: data.details } : {}),
  });
}
