import { AppError, isAppError } from '@lucent/shared';
import { ZodError } from 'zod';

/** Any thrown value as the product's AppError (engine errors already are). Unknown errors → INTERNAL. */
export function appErrorOf(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) {
    return new AppError('VALIDATION_FAILED', {
      details: { issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) },
    });
  }
  return new AppError('INTERNAL', { cause: error });
}

/** The JSON body of every error response. */
export function errorBody(error: AppError, requestId: string | undefined) {
  return { error: { ...error.toJSON(), ...(requestId === undefined ? {} : { requestId }) } };
}
