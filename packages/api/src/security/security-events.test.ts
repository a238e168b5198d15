import { describe, expect, it } from 'vitest';
import { createSecurityEvents, type SecurityEvent } from './security-events.js';

const origin = { ip: '10.1.2.3', userAgent: 'vitest', requestId: 'r-1' };

describe('security events', () => {
  it('delivers typed events to their listeners and to onAny, stamped with the clock, in the background', async () => {
    const failures: unknown[] = [];
    const events = createSecurityEvents({ onError: (error) => failures.push(error), now: () => 1234 });
    const locked: number[] = [];
    const all: SecurityEvent[] = [];
    events.on('account.locked', async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      locked.push(event.lockedUntil);
    });
    const stop = events.onAny((event) => {
      all.push(event);
    });
    events.emit({ type: 'account.locked', userId: 'u', email: 'a@b.c', sessionId: null, origin, lockedUntil: 99 });
    events.emit({ type: 'logout', userId: 'u', email: 'a@b.c', sessionId: 's', origin });
    expect(locked).toEqual([]); // not awaited by emit
    await events.idle();
    expect(locked).toEqual([99]);
    expect(all.map((event) => [event.type, event.at])).toEqual([
      ['account.locked', 1234],
      ['logout', 1234],
    ]);
    stop();
    events.emit({ type: 'logout', userId: 'u', email: null, sessionId: 's', origin: null });
    await events.idle();
    expect(all).toHaveLength(2);
    expect(failures).toEqual([]);
  });

  it('hands a failing listener’s error to onError without affecting the others', async () => {
    const failures: unknown[] = [];
    const events = createSecurityEvents({ onError: (error) => failures.push(error) });
    let delivered = 0;
    events.on('login.failed', () => {
      throw new Error('audit store down');
    });
    events.on('login.failed', () => {
      delivered += 1;
    });
    events.emit({ type: 'login.failed', userId: null, email: null, sessionId: null, origin, reason: 'unknown_user' });
    await events.idle();
    expect(delivered).toBe(1);
    expect(failures).toHaveLength(1);
  });
});
