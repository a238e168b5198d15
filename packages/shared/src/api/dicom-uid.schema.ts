import { z } from 'zod';

/** A DICOM UID (PS3.5 9.1): digits and dots, components without leading zeros, at most 64 characters. */
const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;

/** One message for every way a UID can be wrong: the API answers it as INVALID_UID. */
export const DicomUid = z.string().refine((value) => value.length <= 64 && UID_PATTERN.test(value), 'not a DICOM UID');
export type DicomUid = z.infer<typeof DicomUid>;

export function isDicomUid(value: string): boolean {
  return DicomUid.safeParse(value).success;
}
