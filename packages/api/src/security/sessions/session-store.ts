import type { Role } from '@lucent/shared';

/** One signed-in session: who, since when, its current refresh token's hash. Times in epoch ms. */
export interface SessionRecord {
  id: string;
  userId: string;
  email: string;
  roles: Role[];
  facilityId: string;
  createdAt: number;
  lastSeenAt: number;
  /** When the current refresh token (and so the session) expires. */
  expiresAt: number;
  rememberMe: boolean;
  /** SHA-256 (hex) of the current refresh token. */
  refreshHash: string;
  ip: string;
  userAgent: string | null;
}

export type RotateOutcome = 'rotated' | 'reused' | 'invalid' | 'missing';

/** Where sessions live: Redis (shared by every API process) or this process. */
export interface SessionStore {
  readonly kind: 'redis' | 'memory';
  /** Store a new session; ends the user's oldest sessions beyond `cap` and returns them. */
  create(session: SessionRecord, cap: number): Promise<SessionRecord[]>;
  get(id: string): Promise<SessionRecord | null>;
  /** Record activity (the inactivity timer). */
  touch(id: string, at: number): Promise<void>;
  /**
   * Swap the refresh token atomically: `presentedHash` must be the current one; a hash that was
   * current before answers 'reused' (the caller then revokes the session).
   */
  rotate(id: string, presentedHash: string, nextHash: string, expiresAt: number): Promise<RotateOutcome>;
  /** Delete; returns what was deleted (null: nothing was). */
  remove(id: string): Promise<SessionRecord | null>;
  /** The user's sessions, oldest first. */
  listForUser(userId: string): Promise<SessionRecord[]>;
  close(): Promise<void>;
}
