import { createEngine } from '@lucent/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../testing/corpus.test-util.js';
import { errorCodeOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';

describe('operations', () => {
  let app: TestApp;
  const logLines: string[] = [];
  beforeAll(async () => {
    app = await createTestApp({ captureLogs: (line) => logLines.push(line) });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('reports live and ready with each dependency checked', async () => {
    expect((await app.app.request('/health/live')).status).toBe(200);
    const ready = await app.app.request('/health/ready');
    const body = (await ready.json()) as { checks: Record<string, { ok: boolean }> };
    expect(body).toMatchObject({ status: 'ready' });
    expect(ready.status).toBe(200);
    expect(Object.keys(body.checks).sort()).toEqual(['cache', 'database', 'engine']);
    expect(Object.values(body.checks).every((check) => check.ok)).toBe(true);
  });

  it('echoes a sane X-Request-Id and replaces a malformed one', async () => {
    const given = await app.app.request('/health/live', { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const bad = await app.app.request('/health/live', { headers: { 'x-request-id': 'not valid; has spaces' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exports Prometheus metrics with latency per route pattern and engine gauges', async () => {
    await app.app.request('/api/v1/instances/1.2.3');
    const text = await (await app.app.request('/metrics')).text();
    expect(text).toContain('lucent_http_request_duration_seconds_bucket');
    expect(text).toContain('route="/api/v1/instances/:uid"');
    expect(text).toContain('lucent_engine_queue_depth');
    expect(text).toContain('lucent_engine_utilization');
    // Engine task times, per task (the warm-up pings at start are timed too).
    expect(text).toMatch(/lucent_engine_task_duration_seconds_count\{task="ping"\} [1-9]/);
  });

  it('keeps patient data out of the logs', async () => {
    const bytes = await corpusFile('CT_small.dcm');
    await app.app.request('/api/v1/instances', {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'application/dicom' },
    });
    await app.app.request('/trpc/studies.search?input=%7B%22patientName%22%3A%22CompressedSamples*%22%7D');
    const logs = logLines.join('');
    expect(logs).toContain('"route":"/api/v1/instances"');
    expect(logs).not.toContain('CompressedSamples');
    expect(logs).not.toContain('1CT1');
  });

  it('refuses new work with 503 once shutdown begins, while liveness still answers', async () => {
    const other = await createTestApp();
    try {
      other.beginShutdown();
      const refused = await other.app.request('/api/v1/instances/1.2.3');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await errorCodeOf(refused)).toBe('SERVICE_UNAVAILABLE');
      expect((await other.app.request('/health/ready')).status).toBe(503);
      expect((await other.app.request('/health/live')).status).toBe(200);
    } finally {
      await other.dispose();
    }
  }, 120_000);
});

describe('engine overload', () => {
  it('answers 503 ENGINE_OVERLOADED with Retry-After, never 500', async () => {
    const engine = createEngine({ threads: 1, maxQueue: 1 });
    const app = await createTestApp({ engine });
    try {
      const bytes = await corpusFile('CT_small.dcm');
      const responses = await Promise.all(
        Array.from({ length: 24 }, () =>
          app.app.request('/api/v1/instances', {
            method: 'POST',
            body: bytes.slice(),
            headers: { 'content-type': 'application/dicom' },
          }),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.some((status) => status === 503)).toBe(true);
      expect(statuses.every((status) => status === 503 || status === 200 || status === 201)).toBe(true);
      const overloaded = responses.find((response) => response.status === 503);
      expect(overloaded?.headers.get('retry-after')).toBe('1');
      expect(await errorCodeOf(overloaded as Response)).toBe('ENGINE_OVERLOADED');
    } finally {
      await app.dispose();
      await engine.close();
    }
  }, 120_000);
});
