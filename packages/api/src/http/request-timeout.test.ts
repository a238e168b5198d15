import { EventEmitter } from 'node:events';
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../app/app-env.js';
import { appErrorOf, errorBody } from '../app/app-error-of.js';
import { requestTimeout } from './request-timeout.js';

function appWithHandler(ms: number, handler: (signal: AbortSignal) => Promise<Response>) {
  const app = new Hono<AppEnv>();
  app.use(requestTimeout(() => ms));
  app.onError((error, c) => {
    const appError = appErrorOf(error);
    return c.json(errorBody(appError, undefined), appError.status as 400);
  });
  app.get('/work', (c) => handler(c.var.signal()));
  return app;
}

describe('request timeout', () => {
  it('answers 504 REQUEST_TIMEOUT and aborts the signal when the handler runs too long', async () => {
    let seen: AbortSignal | undefined;
    const app = appWithHandler(20, (signal) => {
      seen = signal;
      return new Promise<Response>(() => undefined);
    });
    const response = await app.request('/work');
    expect(response.status).toBe(504);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('REQUEST_TIMEOUT');
    expect(seen?.aborted).toBe(true);
  });

  it('makes no AbortSignal for a request whose handler never asks for it', async () => {
    // On Node 20 every AbortSignal survives the young generation (promoted, then collected only by a
    // full mark-compact): one per request made cached images' tail latency a matter of GC.
    const made = vi.spyOn(AbortController.prototype, 'signal', 'get');
    try {
      const app = new Hono<AppEnv>();
      app.use(requestTimeout(() => 5000));
      app.get('/cached', (c) => c.text('hit'));
      app.get('/work', async (c) => c.text(c.var.signal().aborted ? 'aborted' : 'working'));
      // On @hono/node-server (an `outgoing` response): the client-gone watch needs no signal either.
      const outgoing = Object.assign(new EventEmitter(), { writableFinished: false });
      const request = new Request('http://localhost/cached'); // building a Request makes one of its own
      const before = made.mock.calls.length;
      expect((await app.request(request, undefined, { outgoing })).status).toBe(200);
      expect(made.mock.calls.length).toBe(before);
      const working = new Request('http://localhost/work');
      const beforeWork = made.mock.calls.length;
      expect(await (await app.request(working, undefined, { outgoing })).text()).toBe('working');
      expect(made.mock.calls.length).toBeGreaterThan(beforeWork);
    } finally {
      made.mockRestore();
    }
  });

  it('lets a handler that finishes in time answer normally', async () => {
    const app = appWithHandler(5000, async () => new Response('done'));
    const response = await app.request('/work');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('done');
  });

  it('aborts the signal when the Node response closes before it is finished (client gone)', async () => {
    const outgoing = new EventEmitter() as EventEmitter & { writableFinished: boolean };
    outgoing.writableFinished = false;
    let seen: AbortSignal | undefined;
    const app = appWithHandler(5000, (signal) => {
      seen = signal;
      queueMicrotask(() => outgoing.emit('close'));
      return new Promise<Response>((resolve) => signal.addEventListener('abort', () => resolve(new Response('gone'))));
    });
    await app.request('/work', {}, { outgoing });
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toMatchObject({ code: 'ENGINE_ABORTED' });
    expect(outgoing.listenerCount('close')).toBe(0);
  });

  it('leaves the signal alone when the Node response closes after it finished', async () => {
    const outgoing = new EventEmitter() as EventEmitter & { writableFinished: boolean };
    outgoing.writableFinished = true;
    let seen: AbortSignal | undefined;
    const app = appWithHandler(5000, async (signal) => {
      seen = signal;
      outgoing.emit('close');
      return new Response('done');
    });
    const response = await app.request('/work', {}, { outgoing });
    expect(await response.text()).toBe('done');
    expect(seen?.aborted).toBe(false);
  });
});
