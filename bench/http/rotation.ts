import type { Request } from 'autocannon';

/** One HTTP request of a workload: where, and the headers it needs (e.g. Accept). */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
}

/**
 * A shared cursor over `items`: every call to `next()` returns the following item, wrapping
 * around, so that consecutive requests (from any connection) hit different instances.
 */
export interface Rotation<T> {
  next(): T;
  /** How many items have been handed out. */
  readonly taken: number;
  /** Complete passes over the items so far (taken ÷ length). */
  readonly laps: number;
}

export function createRotation<T>(items: readonly T[]): Rotation<T> {
  if (items.length === 0) throw new Error('a rotation needs at least one item');
  let taken = 0;
  return {
    next() {
      const item = items[taken % items.length] as T;
      taken += 1;
      return item;
    },
    get taken() {
      return taken;
    },
    get laps() {
      return taken / items.length;
    },
  };
}

/**
 * An autocannon request whose path and headers move to the next spec every time a connection
 * sends it (autocannon rebuilds a request that has `setupRequest` before each send).
 */
export function rotatingRequest(rotation: Rotation<RequestSpec>): Request {
  return {
    setupRequest(request) {
      const spec = rotation.next();
      return { ...request, method: spec.method, path: spec.path, headers: { ...request.headers, ...spec.headers } };
    },
  };
}
