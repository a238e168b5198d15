import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestHeader } from './request-header.js';

/** Raw header lines on a socket (fetch would merge or refuse some of them); a raw list needs its own Host. */
function rawGet(port: number, headers: [string, string][]): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        method: 'GET',
        headers: [['Host', `127.0.0.1:${port}`], ...headers].flat(),
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve(text));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('requestHeader', () => {
  const app = new Hono();
  app.get('/', (c) =>
    c.json({
      accept: requestHeader(c, 'Accept') ?? null,
      viaHono: c.req.header('accept') ?? null,
      forwarded: requestHeader(c, 'x-forwarded-for') ?? null,
      authorization: requestHeader(c, 'authorization') ?? null,
      authorizationViaHono: c.req.header('authorization') ?? null,
      missing: requestHeader(c, 'if-none-match') ?? null,
    }),
  );
  let server: ReturnType<typeof serve>;
  let port = 0;

  beforeAll(async () => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the Node request on a socket, with the values Headers.get gives (repeats joined, any case)', async () => {
    const answer = JSON.parse(
      await rawGet(port, [
        ['Accept', 'image/webp'],
        ['accept', 'image/jpeg'],
        ['X-Forwarded-For', '10.0.0.1'],
        ['x-forwarded-for', '10.0.0.2'],
        ['Authorization', 'Bearer one'],
        ['Authorization', 'Bearer two'],
      ]),
    );
    expect(answer.accept).toBe('image/webp, image/jpeg');
    expect(answer.accept).toBe(answer.viaHono);
    expect(answer.forwarded).toBe('10.0.0.1, 10.0.0.2');
    // Node alone would keep only the first Authorization: both are seen, as Headers.get sees them.
    expect(answer.authorization).toBe('Bearer one, Bearer two');
    expect(answer.authorization).toBe(answer.authorizationViaHono);
    expect(answer.missing).toBeNull();
  });

  it('falls back to the request headers without a Node request (app.request)', async () => {
    const response = await app.request('/', { headers: { accept: 'text/plain', authorization: 'Bearer x' } });
    const answer = await response.json();
    expect(answer).toMatchObject({ accept: 'text/plain', authorization: 'Bearer x', missing: null });
  });
});
