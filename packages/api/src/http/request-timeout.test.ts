import { EventEmitter } from 'node:events';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
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
  app.get('/work', (c) => handler(c.var.signal));
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
