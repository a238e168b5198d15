import type { SessionInfo } from '@lucent/shared';
import type { SessionRecord } from '../../security/sessions/session-store.js';

export const sessionInfoOf = (session: SessionRecord, currentId: string): SessionInfo => ({
  id: session.id,
  createdAt: new Date(session.createdAt).toISOString(),
  lastSeenAt: new Date(session.lastSeenAt).toISOString(),
  expiresAt: new Date(session.expiresAt).toISOString(),
  ip: session.ip,
  userAgent: session.userAgent,
  current: session.id === currentId,
});
