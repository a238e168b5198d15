import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { pendingRowOf } from './audit-entry.js';
import { createAuditWriter } from './audit-writer.js';

async function rowsWithAction(app: TestApp, action: string): Promise<number> {
  const result = await app.services.audit.search({ limit: 100, offset: 0, order: 'asc', action }, { kind: 'all' });
  return result.items.length;
}

describe('audit writer: gathering rows into one transaction', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('holds rows for the gathering time, then writes everything gathered meanwhile in one batch', async () => {
    const writer = createAuditWriter({ db: app.services.db, logger: app.services.logger, gatherMs: 300 });
    writer.enqueue(pendingRowOf({ action: 'test.gathered' }));
    await delay(100);
    writer.enqueue(pendingRowOf({ action: 'test.gathered' }));
    await delay(50);
    // Both still waiting: the batch has not started (with no gathering time the first would be written by now).
    expect(writer.pending()).toBe(2);
    expect(await rowsWithAction(app, 'test.gathered')).toBe(0);
    const deadline = Date.now() + 5000;
    while (writer.pending() > 0 && Date.now() < deadline) await delay(20);
    await writer.flush();
    expect(await rowsWithAction(app, 'test.gathered')).toBe(2);
    await writer.close();
  });

  it('without a gathering time writes on the next turn of the event loop', async () => {
    const writer = createAuditWriter({ db: app.services.db, logger: app.services.logger, gatherMs: 0 });
    writer.enqueue(pendingRowOf({ action: 'test.immediate' }));
    await delay(5);
    expect(writer.pending()).toBe(0);
    await writer.flush();
    expect(await rowsWithAction(app, 'test.immediate')).toBe(1);
    await writer.close();
  });

  it('flush writes gathered rows at once, without waiting for the gathering time', async () => {
    const writer = createAuditWriter({ db: app.services.db, logger: app.services.logger, gatherMs: 60_000 });
    writer.enqueue(pendingRowOf({ action: 'test.flushed' }));
    const started = Date.now();
    await writer.flush();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await rowsWithAction(app, 'test.flushed')).toBe(1);
    await writer.close();
  });
});
