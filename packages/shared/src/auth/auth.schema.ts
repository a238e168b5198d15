import { z } from 'zod';
import { Role } from './role.schema.js';

/** A signed-in user as the API shows it (never the password hash). */
export const UserProfile = z.object({
  id: z.string().uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  facilityId: z.string().uuid(),
  facilityCode: z.string(),
  active: z.boolean(),
  lastLoginAt: z.string().nullable(),
});
export type UserProfile = z.infer<typeof UserProfile>;

export const LoginInput = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
  /** Refresh token valid 30 days instead of 7. */
  rememberMe: z.boolean().optional(),
  /** Also set the HttpOnly session cookie and the CSRF cookie (browsers showing images in <img> tags). */
  setCookie: z.boolean().optional(),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const TokenResponse = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expires_in: z.number().int().positive(),
  user: UserProfile,
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const RefreshInput = z.object({
  refresh_token: z.string().min(1).max(512),
  setCookie: z.boolean().optional(),
});
export type RefreshInput = z.infer<typeof RefreshInput>;

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

/** One live session of the caller (sessions.list). */
export const SessionInfo = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SessionIdInput = z.object({ sessionId: z.string().min(1).max(64) });
export type SessionIdInput = z.infer<typeof SessionIdInput>;

export const UserIdInput = z.object({ userId: z.string().uuid() });
export type UserIdInput = z.infer<typeof UserIdInput>;

/** A path (with its query) to sign for <img src>: GET under /api/v1/images or DICOMweb rendered/thumbnail. */
export const SignImageUrlInput = z.object({
  path: z.string().min(1).max(2048),
  /** Lifetime in seconds, at most 900 (default 900). */
  expiresIn: z.number().int().positive().max(900).optional(),
});
export type SignImageUrlInput = z.infer<typeof SignImageUrlInput>;

export const SignedImageUrl = z.object({ url: z.string(), expiresAt: z.string() });
export type SignedImageUrl = z.infer<typeof SignedImageUrl>;
