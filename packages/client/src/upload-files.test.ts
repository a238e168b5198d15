import { describe, expect, it } from 'vitest';
import { createLucentClient } from './create-lucent-client.js';
import type { FetchFunction } from './http-transport.js';

/** A server that answers each upload after `delayMs` unless the request is aborted first. */
function slowServer(delayMs: number): { fetch: FetchFunction; started: () => number } {
  let started = 0;
  const fetch: FetchFunction = (_input, init) => {
    started += 1;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => resolve(Response.json({ outcome: 'stored', sopInstanceUid: `1.2.${started}` }, { status: 201 })),
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

  it('refuses a concurrency that is not a positive integer', async () => {
    const client = createLucentClient({ url: 'http://lucent.test', fetch: slowServer(1).fetch });
    await expect(client.uploadFiles(files, { concurrency: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('reports an answer that is not JSON as a failed file with code INTERNAL', async () => {
    const client = createLucentClient({
      url: 'http://lucent.test',
      fetch: async () => new Response('<html>proxy</html>', { status: 200 }),
    });
    const summary = await client.uploadFiles(files.slice(0, 1));
    expect(summary.files[0]).toMatchObject({ outcome: 'failed', error: { code: 'INTERNAL', status: 200 } });
  });
});
