import { describe, expect, it } from 'vitest';
import { createByteLru } from './byte-lru.js';
import { createSingleFlight } from './single-flight.js';

describe('single-flight', () => {
  it('runs the work once for concurrent callers of one key, and again once it settled', async () => {
    const flight = createSingleFlight<number>();
    let runs = 0;
    let release: (value: number) => void = () => undefined;
    const work = () => {
      runs++;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const waiting = Array.from({ length: 5 }, () => flight.run('a', work));
    release(42);
    expect(await Promise.all(waiting)).toEqual([42, 42, 42, 42, 42]);
    expect(runs).toBe(1);
    expect(flight.coalesced).toBe(4);
    await flight.run('a', async () => {
      runs++;
      return 1;
    });
    expect(runs).toBe(2);
  });

  it('shares a failure with every waiter and forgets the key', async () => {
    const flight = createSingleFlight<number>();
    const failing = () => Promise.reject(new Error('decode failed'));
    const results = await Promise.allSettled([flight.run('k', failing), flight.run('k', failing)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(flight.run('k', async () => 7)).resolves.toBe(7);
  });
});

describe('byte-bounded LRU', () => {
  it('evicts the least recently used entries past its byte budget and refuses oversized ones', () => {
    const lru = createByteLru<Uint8Array>(100, (value) => value.byteLength);
    lru.set('a', new Uint8Array(40));
    lru.set('b', new Uint8Array(40));
    lru.get('a');
    lru.set('c', new Uint8Array(40));
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBeDefined();
    expect(lru.bytes).toBe(80);
    lru.set('huge', new Uint8Array(101));
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.deleteByPrefix('a')).toBe(1);
    expect(lru.entries).toBe(1);
  });
});
