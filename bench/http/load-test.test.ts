import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runLoad, sendEach, summarizeResult } from './load-test.js';

const histogram = { mean: 4.5, p50: 4, p90: 7, p99: 12, max: 30 };

describe('summarizeResult', () => {
  const result = {
    duration: 10,
    connections: 8,
    '2xx': 1500,
    non2xx: 20,
    errors: 1,
    timeouts: 1,
    latency: histogram,
    throughput: { average: 2_000_000 },
  } as unknown as Parameters<typeof summarizeResult>[0];

  it('counts only 2xx answers in the request rate', () => {
    const summary = summarizeResult(result, { distinct: 60, taken: 1530 });
    expect(summary.requestsPerSecond).toBe(150);
    expect(summary).toMatchObject({ ok: 1500, non2xx: 20, errors: 1, timeouts: 1, bytesPerSecond: 2_000_000 });
  });

  it('keeps the latency percentiles and how many laps the rotation made', () => {
    const summary = summarizeResult(result, { distinct: 60, taken: 1530 });
    expect(summary.latencyMs).toEqual(histogram);
    expect(summary.laps).toBe(25.5);
  });
});

describe('sendEach', () => {
  it('sends every request once and reports each status in order', async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(request.url ?? '');
      response.statusCode = request.url === '/missing' ? 404 : 200;
      response.setHeader('content-type', 'image/jpeg');
      response.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const paths = ['/a', '/missing', '/b', '/c'];
      const { statuses, contentTypes } = await sendEach(
        origin,
        paths.map((path) => ({ method: 'GET', path })),
        2,
      );
      expect(statuses).toEqual([200, 404, 200, 200]);
      expect(contentTypes[0]).toBe('image/jpeg');
      expect(seen.sort()).toEqual([...paths].sort());
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('runLoad', () => {
  it('sends an unmeasured warm-up first: the server sees more requests than the run counts', async () => {
    let served = 0;
    const server = createServer((_request, response) => {
      served++;
      response.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const summary = await runLoad({
        origin,
        requests: [{ method: 'GET', path: '/a' }],
        connections: 2,
        durationSeconds: 1,
        warmupSeconds: 1,
      });
      expect(summary.ok).toBeGreaterThan(0);
      // Roughly half of what was served came during the warm-up second and is not in the summary.
      expect(served).toBeGreaterThan(summary.ok + summary.non2xx + 10);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
