import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.test-util.js';

describe('tRPC over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('echoes X-Request-Id on tRPC responses, errors included', async () => {
    const ok = await app.app.request('/trpc/studies.search?input=%7B%7D', { headers: { 'x-request-id': 'trpc-ok-1' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('trpc-ok-1');
    const missing = await app.app.request(
      `/trpc/studies.get?input=${encodeURIComponent(JSON.stringify({ studyInstanceUid: '1.2.3' }))}`,
      { headers: { 'x-request-id': 'trpc-404-1' } },
    );
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('trpc-404-1');
  });
});
