/**
 * A WASM module instance that is replaced after a trap. A C++ exception leaves an Emscripten
 * module usable (embind surfaces it as a number), but a trap (out-of-bounds access, `unreachable`,
 * abort) can leave its heap corrupt: later calls then fail or misbehave. Corrupt pixel data can
 * cause traps, so a codec drops the instance when one happens and the next call instantiates anew.
 */
export interface ReloadableModule<M> {
  get(): Promise<M>;
  /** Forget the instance if `error` is a trap (or an error caused by one), so it is not used again. */
  discardAfter(error: unknown): void;
}

// The compiler's lib has no WebAssembly namespace; the runtime has.
const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: abstract new () => Error } })
  .WebAssembly;

/** A WASM trap or Emscripten abort, or an error wrapping one as its `cause`. */
export function isWasmTrap(error: unknown): boolean {
  if (error instanceof RuntimeError) return true;
  return error instanceof Error && error.cause instanceof RuntimeError;
}

export function reloadableModule<M>(instantiate: () => Promise<M>): ReloadableModule<M> {
  let pending: Promise<M> | undefined;
  return {
    get() {
      pending ??= instantiate().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },
    discardAfter(error) {
      if (isWasmTrap(error)) pending = undefined;
    },
  };
}
