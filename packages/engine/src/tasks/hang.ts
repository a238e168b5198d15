export interface HangInput {
  /** `busy` blocks the thread's event loop (a stuck codec); `idle` waits on a timer. */
  kind: 'busy' | 'idle';
  ms: number;
}

/** Test-only task (dispatched only for a runner created for tests): occupy a worker for `ms`. */
export async function hang(input: HangInput): Promise<'done'> {
  if (input.kind === 'busy') {
    const end = Date.now() + input.ms;
    while (Date.now() < end) {
      // Spin: only terminating the thread stops this.
    }
    return 'done';
  }
  await new Promise<void>((resolve) => setTimeout(resolve, input.ms));
  return 'done';
}
