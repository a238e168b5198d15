import { AppError } from '@lucent/shared';

export const MIN_PASSWORD_LENGTH = 12;

/** Why a password breaks the policy, or undefined when it is acceptable. */
export function passwordProblem(password: string, email: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  if (!/\p{Lu}/u.test(password)) return 'an upper-case letter';
  if (!/\p{Ll}/u.test(password)) return 'a lower-case letter';
  if (!/\p{Nd}/u.test(password)) return 'a digit';
  if (!/[^\p{L}\p{Nd}\s]/u.test(password)) return 'a symbol';
  const lowered = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  if (lowered === address || lowered === address.split('@')[0]) return 'not the email';
  return undefined;
}

/** 400 WEAK_PASSWORD (naming the rule, never echoing the password) unless the policy holds. */
export function assertPasswordPolicy(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem !== undefined) throw new AppError('WEAK_PASSWORD', { details: { rule: problem } });
}
