import { AppError } from '@lucent/shared';

/** C0 and C1 control characters and DEL. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * A client's file name is only echoed in results (storage keys come from UIDs), but a name that
 * tries to climb out of a folder (`..`), is absolute (`/x`, `\\x`, `C:`), or carries control
 * characters marks a hostile or broken client: that file is refused with VALIDATION_FAILED.
 * Relative folder paths (`study/IM1.dcm`, from a folder upload) are fine.
 */
export function checkUploadFileName(name: string | undefined): void {
  if (name === undefined) return;
  const unsafe =
    hasControlCharacters(name) ||
    name.startsWith('/') ||
    name.startsWith('\\') ||
    /^[A-Za-z]:/.test(name) ||
    name.split(/[/\\]/).some((segment) => segment === '..') ||
    name.length > 1024;
  if (unsafe) throw new AppError('VALIDATION_FAILED', { message: 'The file name is not a safe relative name' });
}
