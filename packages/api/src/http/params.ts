import { AppError, isDicomUid } from '@lucent/shared';

/** A UID from a path or query: malformed → 400 INVALID_UID (this also rules out path traversal). */
export function parseUid(value: string | undefined, name = 'uid'): string {
  if (value === undefined || !isDicomUid(value)) {
    throw new AppError('INVALID_UID', {
      message: `The ${name} is not a valid DICOM UID`,
      details: { parameter: name },
    });
  }
  return value;
}
