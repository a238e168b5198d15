/** How a test-only task brings its worker down. */
export type CrashMode = 'exit' | 'uncaught' | 'out-of-memory';

export interface CrashWorkerInput {
  mode: CrashMode;
}

/**
 * Test-only task (dispatched only for a runner created for tests): kill the worker thread the way real
 * failures do, to prove that only this task fails and the pool replaces the worker.
 */
export async function crashWorker(input: CrashWorkerInput): Promise<never> {
  switch (input.mode) {
    case 'exit':
      process.exit(70);
      break;
    case 'uncaught':
      setImmediate(() => {
        throw new Error('deliberate uncaught exception');
      });
      break;
    case 'out-of-memory': {
      const hoard: number[][] = [];
      for (;;) hoard.push(new Array<number>(1_000_000).fill(hoard.length));
    }
  }
  return new Promise<never>(() => {});
}
