/**
 * Emscripten-built WASM codecs (the @cornerstonejs/codec-* packages) print through `print` /
 * `printErr`. Instantiate them with both silenced, once per thread.
 */
export type EmscriptenFactory<M> = (overrides: Record<string, unknown>) => Promise<M>;

const silent = (): void => {};

/** Instantiate a module with its console output silenced. */
export function instantiateQuietly<M>(
  factory: EmscriptenFactory<M>,
  overrides: Record<string, unknown> = {},
): Promise<M> {
  return factory({ print: silent, printErr: silent, ...overrides });
}

/**
 * Memoize an async initializer: the first call starts it, later calls share the promise; a
 * failed attempt is forgotten so the next call retries.
 */
export function once<T>(init: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= init().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
