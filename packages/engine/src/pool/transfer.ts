import { move, transferableSymbol, valueSymbol } from 'piscina';

type View = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/** True when the view covers the whole of a plain (not shared) ArrayBuffer. */
export function ownsBuffer(view: ArrayBufferView): view is ArrayBufferView<ArrayBuffer> {
  const { buffer } = view;
  return (
    buffer instanceof ArrayBuffer &&
    view.byteOffset === 0 &&
    view.byteLength === buffer.byteLength &&
    buffer.byteLength > 0
  );
}

/**
 * A view that can be transferred without taking memory that is not its own: the view itself when
 * it owns its buffer, else a tight copy (a structured clone would copy the whole underlying buffer).
 */
export function transferableView<T extends View>(view: T): T {
  if (ownsBuffer(view)) return view;
  return view.slice() as T;
}

/**
 * The value to return from a task so that Piscina transfers `buffers` (moved, not cloned) and
 * delivers `value`: `move()` at the top level, with nested buffers listed explicitly.
 */
export function moveWith<T extends object>(value: T, buffers: ArrayBuffer[]): T {
  const transferable = {
    get [transferableSymbol]() {
      return buffers;
    },
    get [valueSymbol]() {
      return value;
    },
  };
  // Piscina unwraps it in the worker: the receiving side gets `value` itself.
  return move(transferable) as unknown as T;
}
