/** What the main thread tells each worker at start (Piscina's workerData). */
export interface WorkerSettings {
  /** Dispatch the test-only tasks too (see test-task-handlers.ts); never set by createEngine. */
  testTasks: boolean;
}

export function readWorkerSettings(data: unknown): WorkerSettings {
  const testTasks = typeof data === 'object' && data !== null && (data as { testTasks?: unknown }).testTasks === true;
  return { testTasks };
}
