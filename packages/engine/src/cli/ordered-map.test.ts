import { describe, expect, it } from 'vitest';
import { orderedMap } from './ordered-map.js';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe('orderedMap', () => {
  it('emits in input order even when later items finish first, with bounded concurrency', async () => {
    const gates = [deferred<void>(), deferred<void>(), deferred<void>(), deferred<void>()];
    const emitted: string[] = [];
    let running = 0;
    let peak = 0;
    const finished = orderedMap(
      ['a', 'b', 'c', 'd'],
      2,
      async (item, index) => {
        running++;
        peak = Math.max(peak, running);
        await gates[index]?.promise;
        running--;
        return item.toUpperCase();
      },
      (result) => emitted.push(result),
    );
    gates[1]?.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(emitted).toEqual([]); // b is done, but a is not
    gates[0]?.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(emitted).toEqual(['A', 'B']);
    gates[3]?.resolve();
    gates[2]?.resolve();
    await finished;
    expect(emitted).toEqual(['A', 'B', 'C', 'D']);
    expect(peak).toBe(2);
  });

  it('handles no items', async () => {
    const emitted: number[] = [];
    await orderedMap(
      [],
      4,
      async () => 1,
      (result) => emitted.push(result),
    );
    expect(emitted).toEqual([]);
  });
});
