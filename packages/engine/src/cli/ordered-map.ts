/**
 * Run `work` over `items` with at most `concurrency` in flight, and hand each result to `emit` in
 * input order as soon as it and every earlier one are done. `work` must not reject.
 */
export async function orderedMap<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
  emit: (result: R, index: number) => void,
): Promise<void> {
  const done = new Map<number, R>();
  let nextToStart = 0;
  let nextToEmit = 0;

  function flush(): void {
    while (done.has(nextToEmit)) {
      const result = done.get(nextToEmit) as R;
      done.delete(nextToEmit);
      emit(result, nextToEmit);
      nextToEmit++;
    }
  }

  async function lane(): Promise<void> {
    while (nextToStart < items.length) {
      const index = nextToStart++;
      done.set(index, await work(items[index] as T, index));
      flush();
    }
  }

  const lanes = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: lanes }, () => lane()));
}
