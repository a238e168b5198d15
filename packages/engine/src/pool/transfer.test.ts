import { transferableSymbol, valueSymbol } from 'piscina';
import { describe, expect, it } from 'vitest';
import { readCorpusFile } from '../decode/corpus.test-util.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { prepareInput } from './input-bytes.js';
import { taskHandlers } from './task-handlers.js';
import { TaskName } from './task-names.js';
import { moveWith, ownsBuffer, transferableView } from './transfer.js';

interface Moved<T> {
  [transferableSymbol]: ArrayBuffer[];
  [valueSymbol]: T;
}

describe('transfer helpers', () => {
  it('says a view owns its buffer only when it covers all of a plain ArrayBuffer', () => {
    const whole = new Uint16Array(8);
    expect(ownsBuffer(whole)).toBe(true);
    expect(ownsBuffer(whole.subarray(1))).toBe(false);
    expect(ownsBuffer(new Uint8Array(new SharedArrayBuffer(8)))).toBe(false);
  });

  it('keeps an owning view and copies a partial one tightly', () => {
    const whole = new Int16Array([1, 2, 3, 4]);
    expect(transferableView(whole)).toBe(whole);
    const part = transferableView(whole.subarray(1, 3));
    expect(Array.from(part)).toEqual([2, 3]);
    expect(part.buffer.byteLength).toBe(4);
    expect(part).toBeInstanceOf(Int16Array);
  });

  it('wraps a value so Piscina transfers the listed buffers and delivers the value', () => {
    const pixels = new Uint8Array(4);
    const moved = moveWith({ pixels }, [pixels.buffer]) as unknown as Moved<{ pixels: Uint8Array }>;
    expect(moved[transferableSymbol]).toEqual([pixels.buffer]);
    expect(moved[valueSymbol].pixels).toBe(pixels);
  });

  it('prepares input: transfers an owning view, copies a partial view or on request', () => {
    const owned = new Uint8Array(16);
    expect(prepareInput(owned).transferList[0]).toBe(owned.buffer);
    const copied = prepareInput(owned, true);
    expect(copied.transferList[0]).not.toBe(owned.buffer);
    expect(copied.bytes.byteLength).toBe(16);
    const partial = prepareInput(owned.subarray(4, 8));
    expect(partial.bytes.buffer.byteLength).toBe(4);
    expect(partial.transferList[0]).not.toBe(owned.buffer);
  });

  it('answers a non-byte-array input with INVALID_DICOM', () => {
    expect(() => prepareInput('not bytes' as unknown as Uint8Array)).toThrow(
      expect.objectContaining({ code: 'INVALID_DICOM' }),
    );
  });
});

describe('worker-side result transfer', () => {
  it('moves the decoded pixels buffer rather than cloning it', async () => {
    const result = (await taskHandlers[TaskName.decode]({
      bytes: readCorpusFile('CT_small.dcm'),
    })) as Moved<DecodedFrame>;
    const frame = result[valueSymbol];
    expect(frame.pixels.length).toBe(128 * 128);
    expect(result[transferableSymbol]).toEqual([frame.pixels.buffer]);
    expect(frame.pixels.buffer.byteLength).toBe(frame.pixels.byteLength);
  });
});
