import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../errors/engine-error.js';
import { TaskName, TestTaskName } from './task-names.js';
import type { TaskRunner } from './task-runner.js';
import { createTestRunner, rejectionCode } from './test-runner.test-util.js';

let runner: TaskRunner | undefined;

function start(options: Parameters<typeof createTestRunner>[0]): TaskRunner {
  runner = createTestRunner(options);
  return runner;
}

afterEach(async () => {
  await runner?.close();
  runner = undefined;
});

describe('task runner: worker failures', () => {
  it.each(['exit', 'uncaught'] as const)(
    'rejects only the crashing task (%s) with ENGINE_TASK_FAILED and keeps serving',
    async (mode) => {
      const pool = start({ threads: 1 });
      const crash = pool.run(TestTaskName.crashWorker, { mode });
      const queued = pool.run(TaskName.ping, undefined);
      const error = await crash.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe('ENGINE_TASK_FAILED');
      await expect(queued).resolves.toBe('pong');
      await expect(pool.run(TaskName.ping, undefined)).resolves.toBe('pong');
    },
  );

  it('rejects a task whose worker runs out of memory with ENGINE_TASK_FAILED, then serves the next', async () => {
    const pool = start({ threads: 1, maxWorkerHeapMb: 32 });
    expect(await rejectionCode(pool.run(TestTaskName.crashWorker, { mode: 'out-of-memory' }))).toBe(
      'ENGINE_TASK_FAILED',
    );
    await expect(pool.run(TaskName.ping, undefined)).resolves.toBe('pong');
  });

  it('rebuilds the typed EngineError a task threw in its worker', async () => {
    const pool = start({ threads: 1 });
    const error = await pool.run(TaskName.info, { bytes: new Uint8Array([1, 2, 3]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toMatch(/^(INVALID_DICOM|TRUNCATED_DICOM)$/);
    expect((error as EngineError).status).toBe(400);
  });

  it('answers an unknown task name with ENGINE_TASK_FAILED', async () => {
    const pool = start({ threads: 1 });
    const run = pool.run as (task: string, input: unknown) => Promise<unknown>;
    expect(await rejectionCode(run('no-such-task', undefined))).toBe('ENGINE_TASK_FAILED');
  });
});

describe('task runner: workers from source', () => {
  it('resolves workspace packages to their sources inside the worker (the @lucent/source condition)', async () => {
    const pool = start({ threads: 1 });
    const resolved = await pool.run(TestTaskName.resolveModule, { specifier: '@lucent/shared' });
    expect(resolved).toMatch(/\/packages\/shared\/src\/index\.ts$/);
  });
});

describe('task runner: timeout, abort, overload, close', () => {
  it('rejects a stuck task with ENGINE_TIMEOUT, terminates its worker and keeps serving', async () => {
    const pool = start({ threads: 1, taskTimeoutMs: 300 });
    const error = await pool.run(TestTaskName.hang, { kind: 'busy', ms: 600_000 }).catch((e: unknown) => e);
    expect((error as EngineError).code).toBe('ENGINE_TIMEOUT');
    expect((error as EngineError).details).toEqual({ timeoutMs: 300 });
    // The only thread was spinning forever: this succeeds only because it was replaced (the
    // replacement's start-up must not count against the engine's short test timeout).
    await expect(pool.run(TaskName.ping, undefined, { timeoutMs: 60_000 })).resolves.toBe('pong');
  });

  it('honours a per-call timeout over the engine default', async () => {
    const pool = start({ threads: 1 });
    const error = await pool
      .run(TestTaskName.hang, { kind: 'busy', ms: 600_000 }, { timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect((error as EngineError).code).toBe('ENGINE_TIMEOUT');
    expect((error as EngineError).details).toEqual({ timeoutMs: 200 });
  });

  it('rejects at once with ENGINE_ABORTED when the signal is already aborted', async () => {
    const pool = start({ threads: 1 });
    const controller = new AbortController();
    controller.abort();
    expect(await rejectionCode(pool.run(TaskName.ping, undefined, { signal: controller.signal }))).toBe(
      'ENGINE_ABORTED',
    );
  });

  it('rejects a running task with ENGINE_ABORTED when its signal aborts, and keeps serving', async () => {
    const pool = start({ threads: 1 });
    const controller = new AbortController();
    const running = pool.run(TestTaskName.hang, { kind: 'busy', ms: 600_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    expect(await rejectionCode(running)).toBe('ENGINE_ABORTED');
    await expect(pool.run(TaskName.ping, undefined)).resolves.toBe('pong');
  });

  it('rejects a queued task with ENGINE_ABORTED without disturbing the running one', async () => {
    const pool = start({ threads: 1 });
    const running = pool.run(TestTaskName.hang, { kind: 'idle', ms: 300 });
    const controller = new AbortController();
    const queued = pool.run(TaskName.ping, undefined, { signal: controller.signal });
    controller.abort();
    expect(await rejectionCode(queued)).toBe('ENGINE_ABORTED');
    await expect(running).resolves.toBe('done');
  });

  it('rejects at once with ENGINE_OVERLOADED when the queue is full', async () => {
    const pool = start({ threads: 1, maxQueue: 2 });
    await pool.run(TaskName.ping, undefined); // the thread is up: queue accounting is exact from here
    const accepted = [0, 1, 2].map(() => pool.run(TestTaskName.hang, { kind: 'idle', ms: 300 }));
    let settled = false;
    const overflow = pool.run(TaskName.ping, undefined).finally(() => {
      settled = true;
    });
    const error = await overflow.catch((e: unknown) => e);
    expect((error as EngineError).code).toBe('ENGINE_OVERLOADED');
    expect((error as EngineError).details).toMatchObject({ queueSize: 2 });
    // Rejected before any accepted task finished: nothing waited for a thread.
    expect(settled).toBe(true);
    expect(pool.stats().completed).toBe(1);
    await expect(Promise.all(accepted)).resolves.toEqual(['done', 'done', 'done']);
  });

  it('rejects calls after close with ENGINE_CLOSED, and lets close be called twice', async () => {
    const pool = start({ threads: 1 });
    await expect(pool.run(TaskName.ping, undefined)).resolves.toBe('pong');
    await pool.close();
    await pool.close();
    expect(await rejectionCode(pool.run(TaskName.ping, undefined))).toBe('ENGINE_CLOSED');
  });

  it('lets tasks submitted before close finish', async () => {
    const pool = start({ threads: 1 });
    const running = pool.run(TestTaskName.hang, { kind: 'idle', ms: 100 });
    const queued = pool.run(TaskName.ping, undefined);
    await pool.close();
    await expect(running).resolves.toBe('done');
    await expect(queued).resolves.toBe('pong');
  });

  it('reports threads, queue and completed tasks', async () => {
    const pool = start({ threads: 2, maxQueue: 5 });
    await Promise.all([pool.run(TaskName.ping, undefined), pool.run(TaskName.ping, undefined)]);
    const stats = pool.stats();
    expect(stats).toMatchObject({ maxThreads: 2, maxQueue: 5, queueSize: 0, completed: 2 });
    expect(stats.threads).toBeGreaterThanOrEqual(1);
    expect(stats.utilization).toBeGreaterThanOrEqual(0);
  });
});
