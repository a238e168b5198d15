import { type ErrorCode, ErrorCodes } from './error-codes.js';

export interface AppErrorOptions {
  /** Client-safe detail. Never put PHI here. */
  message?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error class of the product: carries a catalogue code, its HTTP status and safe details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly numericCode: number;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const entry = ErrorCodes[code];
    super(options.message ?? entry.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.numericCode = entry.code;
    this.status = entry.status;
    this.details = options.details;
  }

  toJSON(): { code: ErrorCode; numericCode: number; message: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      numericCode: this.numericCode,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
