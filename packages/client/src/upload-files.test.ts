import { describe, expect, it } from 'vitest';
import { createLucentClient } from './create-lucent-client.js';
import type { FetchFunction } from './http-transport.js';

/** A server that answers each multipart upload after `delayMs` (every file stored) unless the request is aborted first. */
function slowServer(delayMs: number): { fetch: FetchFunction; started: () => number } {
  let started = 0;
  const fetch: FetchFunction = (_input, init) => {
    started += 1;
    const parts = init?.body instanceof FormData ? init.body.getAll('file') : [];
    const files = parts.map((_, index) => ({
      name: `file-${index + 1}`,
      outcome: 'stored',
      sopInstanceUid: `1.2.${started}.${index}`,
    }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => resolve(Response.json({ stored: files.length, duplicates: 0, overwritten: 0, failed: 0, files })),
        delayMs,
      );
      init?.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(init.signal?.reason);
      });
    });
  };
  return { fetch, started: () => started };
}

describe('uploadFiles', () => {
  const files = Array.from({ length: 10 }, (_, index) => ({ name: `f${index}`, data: new Uint8Array(10) }));

  it('rejects with the abort reason and starts no more files once the signal aborts', async () => {
    const server = slowServer(50);
    const client = createLucentClient({ url: 'http://lucent.test', fetch: server.fetch });
    const controller = new AbortController();
    const reason = new Error('stopped by the user');
    const upload = client.uploadFiles(files, {
      concurrency: 2,
      batchFiles: 1,
      signal: controller.signal,
      onProgress: ({ filesDone }) => {
        if (filesDone === 2) controller.abort(reason);
      },
    });
    await expect(upload).rejects.toBe(reason);
    const startedAtAbort = server.started();
    expect(startedAtAbort).toBeLessThanOrEqual(4);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(server.started()).toBe(startedAtAbort);
  });

  it('refuses a concurrency or batch limit that is not a positive integer', async () => {
    const client = createLucentClient({ url: 'http://lucent.test', fetch: slowServer(1).fetch });
    await expect(client.uploadFiles(files, { concurrency: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(client.uploadFiles(files, { batchFiles: 1.5 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(client.uploadFiles(files, { batchBytes: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(client.uploadFiles(files, { rateLimitRetries: -1 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('reports an answer that is not JSON as a failed file with code INTERNAL', async () => {
    const client = createLucentClient({
      url: 'http://lucent.test',
      fetch: async () => new Response('<html>proxy</html>', { status: 200 }),
    });
    const summary = await client.uploadFiles(files.slice(0, 2));
    expect(summary.files).toEqual(
      files.slice(0, 2).map(({ name }) => ({
        name,
        outcome: 'failed',
        bytes: 10,
        error: expect.objectContaining({ code: 'INTERNAL', status: 200 }),
      })),
    );
  });
});
