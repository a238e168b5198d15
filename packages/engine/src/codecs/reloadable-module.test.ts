import { describe, expect, it } from 'vitest';
import { Errors } from '../errors/engine-error.js';
import { isWasmTrap, reloadableModule } from './reloadable-module.js';

const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: new (message: string) => Error } })
  .WebAssembly;

function counting() {
  let made = 0;
  const slot = reloadableModule(async () => ({ instance: ++made }));
  return { slot, made: () => made };
}

describe('reloadableModule', () => {
  it('instantiates once for concurrent and later callers', async () => {
    const { slot, made } = counting();
    const [a, b] = await Promise.all([slot.get(), slot.get()]);
    expect(a).toBe(b);
    expect(await slot.get()).toBe(a);
    expect(made()).toBe(1);
  });

  it('keeps the instance after an ordinary error', async () => {
    const { slot, made } = counting();
    const first = await slot.get();
    slot.discardAfter(Errors.corruptPixelData('1.2.840.10008.1.2.4.80', 'bad stream'));
    slot.discardAfter(12345); // a C++ exception as embind surfaces it
    expect(await slot.get()).toBe(first);
    expect(made()).toBe(1);
  });

  it('instantiates anew after a trap, direct or as the cause of an engine error', async () => {
    const { slot, made } = counting();
    await slot.get();
    slot.discardAfter(new RuntimeError('memory access out of bounds'));
    expect((await slot.get()).instance).toBe(2);
    slot.discardAfter(Errors.corruptPixelData('1.2.840.10008.1.2.4.80', 'trap', new RuntimeError('unreachable')));
    expect((await slot.get()).instance).toBe(3);
    expect(made()).toBe(3);
  });

  it('retries after a failed instantiation', async () => {
    let attempts = 0;
    const slot = reloadableModule(async () => {
      attempts++;
      if (attempts === 1) throw new Error('no memory');
      return attempts;
    });
    await expect(slot.get()).rejects.toThrow('no memory');
    expect(await slot.get()).toBe(2);
  });
});

describe('isWasmTrap', () => {
  it('tells traps from other failures', () => {
    expect(isWasmTrap(new RuntimeError('unreachable'))).toBe(true);
    expect(isWasmTrap(new TypeError('x'))).toBe(false);
    expect(isWasmTrap(42)).toBe(false);
  });
});
