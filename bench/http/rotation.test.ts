import { describe, expect, it } from 'vitest';
import { createRotation, type RequestSpec, rotatingRequest } from './rotation.js';

describe('createRotation', () => {
  it('hands out the items in order and wraps around', () => {
    const rotation = createRotation(['a', 'b', 'c']);
    expect(Array.from({ length: 7 }, () => rotation.next())).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
    expect(rotation.taken).toBe(7);
    expect(rotation.laps).toBeCloseTo(7 / 3);
  });

  it('refuses an empty list', () => {
    expect(() => createRotation([])).toThrow(/at least one/);
  });
});

describe('rotatingRequest', () => {
  const specs: RequestSpec[] = [
    { method: 'GET', path: '/one', headers: { accept: 'image/jpeg' } },
    { method: 'POST', path: '/two' },
  ];

  it('moves every rebuilt request to the next path, keeping the default headers', () => {
    const request = rotatingRequest(createRotation(specs));
    const setup = request.setupRequest;
    if (typeof setup !== 'function') throw new Error('expected a setupRequest function');
    const base = { headers: { 'x-bench': '1' } };
    const first = setup({ ...base }, {});
    const second = setup({ ...base }, {});
    const third = setup({ ...base }, {});
    expect(first).toMatchObject({ method: 'GET', path: '/one', headers: { 'x-bench': '1', accept: 'image/jpeg' } });
    expect(second).toMatchObject({ method: 'POST', path: '/two', headers: { 'x-bench': '1' } });
    expect(second.headers).not.toHaveProperty('accept');
    expect(third.path).toBe('/one');
  });

  it('shares one cursor between connections, so no instance repeats before a full lap', () => {
    const rotation = createRotation(
      Array.from({ length: 5 }, (_, i): RequestSpec => ({ method: 'GET', path: `/${i}` })),
    );
    const connections = [rotatingRequest(rotation), rotatingRequest(rotation)];
    const paths: string[] = [];
    for (let i = 0; i < 5; i++) {
      const setup = connections[i % 2]?.setupRequest;
      if (typeof setup !== 'function') throw new Error('expected a setupRequest function');
      paths.push(setup({}, {}).path ?? '');
    }
    expect(new Set(paths).size).toBe(5);
  });
});
