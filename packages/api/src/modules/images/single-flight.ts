/**
 * Concurrent callers asking for the same key share one run of the work: the first starts it, the
 * others wait for its result (or its failure). The key is forgotten when the work settles.
 */
export interface SingleFlight<T> {
  run(key: string, work: () => Promise<T>): Promise<T>;
  /** Callers that joined work already in progress, since start. */
  readonly coalesced: number;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const inFlight = new Map<string, Promise<T>>();
  let coalesced = 0;
  return {
    run(key, work) {
      const running = inFlight.get(key);
      if (running !== undefined) {
        coalesced++;
        return running;
      }
      const started = (async () => {
        try {
          return await work();
        } finally {
          inFlight.delete(key);
        }
      })();
      inFlight.set(key, started);
      return started;
    },
    get coalesced() {
      return coalesced;
    },
  };
}
