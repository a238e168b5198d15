import { randomBytes, randomUUID } from 'node:crypto';
import type { SessionRecord } from './session-store.js';

/** A viewer's session created at `at` (one hour to live), with a fresh id, user, facility and refresh hash. */
export function sessionRecord(at: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: randomUUID(),
    userId: randomUUID(),
    email: 'someone@lucent.test',
    roles: ['viewer'],
    facilityId: randomUUID(),
    createdAt: at,
    lastSeenAt: at,
    expiresAt: at + 3600_000,
    rememberMe: false,
    refreshHash: randomBytes(32).toString('hex'),
    ip: '127.0.0.1',
    userAgent: 'vitest',
    ...overrides,
  };
}
