import { type EngineOptions, resolveEngineOptions } from './engine-options.js';
import { createTaskRunner, type TaskRunner } from './task-runner.js';

/** A task runner whose workers also dispatch the test-only tasks (crash, hang, probe). */
export function createTestRunner(options: EngineOptions = {}): TaskRunner {
  return createTaskRunner(resolveEngineOptions(options), { testTasks: true });
}

/** The code of the EngineError a promise rejects with (fails the test if it resolves). */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error
      ? String(error.code)
      : `raw: ${String(error)}`;
  }
  throw new Error('expected the promise to reject');
}
