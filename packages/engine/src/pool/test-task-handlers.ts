import { crashWorker } from '../tasks/crash-worker.js';
import { hang } from '../tasks/hang.js';
import { resolveModule } from '../tasks/resolve-module.js';
import { TestTaskName } from './task-names.js';
import type { TaskHandlers, TestTaskTypes } from './task-types.js';

/** Test-only tasks: loaded by a worker only for a runner created for tests (test-runner.test-util.ts). */
export const testTaskHandlers: TaskHandlers<TestTaskTypes> = {
  [TestTaskName.crashWorker]: crashWorker,
  [TestTaskName.hang]: hang,
  [TestTaskName.resolveModule]: resolveModule,
};
