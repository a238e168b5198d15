import { workerData } from 'node:worker_threads';
import { Errors } from '../errors/engine-error.js';
import { serializeTaskError } from './task-error.js';
import { taskHandlers } from './task-handlers.js';
import type { TaskRequest } from './task-types.js';
import { readWorkerSettings } from './worker-settings.js';

type Handler = (input: unknown) => Promise<unknown>;
type HandlerTable = Record<string, Handler>;

let handlerTable: Promise<HandlerTable> | undefined;

/** Production tasks, plus the test-only tasks (crash, hang, probe) when the runner was created for tests. */
function loadHandlers(): Promise<HandlerTable> {
  handlerTable ??= (async () => {
    const table: HandlerTable = { ...(taskHandlers as unknown as HandlerTable) };
    if (readWorkerSettings(workerData).testTasks) {
      const { testTaskHandlers } = await import('./test-task-handlers.js');
      Object.assign(table, testTaskHandlers);
    }
    return table;
  })();
  return handlerTable;
}

async function handlerFor(request: unknown): Promise<{ handler: Handler; input: unknown }> {
  if (typeof request !== 'object' || request === null) throw Errors.taskFailed('malformed task request');
  const { task, input } = request as Partial<TaskRequest>;
  const handlers = await loadHandlers();
  const handler = typeof task === 'string' && Object.hasOwn(handlers, task) ? handlers[task] : undefined;
  if (handler === undefined) throw Errors.taskFailed('unknown task');
  return { handler, input };
}

/**
 * The Piscina worker entry: runs the named task. Errors leave the thread as plain serialized
 * objects (see task-error.ts) so the main thread can rebuild a typed EngineError.
 */
export default async function runTask(request: unknown): Promise<unknown> {
  try {
    const { handler, input } = await handlerFor(request);
    return await handler(input);
  } catch (error) {
    throw serializeTaskError(error);
  }
}
