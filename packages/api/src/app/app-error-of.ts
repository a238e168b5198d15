import { AppError, isAppError } from '@lucent/shared';
import { ZodError } from 'zod';

/** Any thrown value as the product's AppError (engine errors already are). Unknown errors → INTERNAL. */
export function appErrorOf(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) {
    // A malformed UID is INVALID_UID whether it came through REST or tRPC (DicomUid's message).
    const uidIssue = error.issues.find((issue) => issue.message === 'not a DICOM UID');
    if (uidIssue !== undefined) {
      return new AppError('INVALID_UID', { details: { parameter: uidIssue.path.join('.') } });
    }
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
