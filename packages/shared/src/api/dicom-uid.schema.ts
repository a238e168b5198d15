import { z } from 'zod';

/** A DICOM UID (PS3.5 9.1): digits and dots, components without leading zeros, at most 64 characters. */
export const DicomUid = z
  .string()
  .max(64)
  .regex(/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/, 'not a DICOM UID');
export type DicomUid = z.infer<typeof DicomUid>;

export function isDicomUid(value: string): boolean {
  return DicomUid.safeParse(value).success;
}
