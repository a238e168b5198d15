import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseStatTimes, threadDelta, waitUntilQuiet } from './thread-cpu.js';

/** A Node process that keeps one core busy for `busyMs`, then idles until killed. */
function busyThenIdle(busyMs: number) {
  return spawn(
    process.execPath,
    ['-e', `const end = Date.now() + ${busyMs}; while (Date.now() < end) {} setInterval(() => {}, 1000);`],
    { stdio: 'ignore' },
  );
}

describe('thread CPU accounting', () => {
  it('reads utime and stime after a command name holding spaces and parentheses', () => {
    const line = '4242 (node (worker) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 731 95 0 0 20 0 12 0 5 0 0';
    expect(parseStatTimes(line)).toEqual({ user: 731, system: 95 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseStatTimes('hello')).toThrow(/stat line/);
  });

  it('splits the main thread from the others, busiest first, counting new threads from zero', () => {
    const before = new Map([
      [10, 100],
      [11, 50],
      [12, 7],
    ]);
    const after = new Map([
      [10, 160],
      [11, 55],
      [12, 47],
      [13, 3],
    ]);
    expect(threadDelta(10, before, after)).toEqual({ main: 60, others: [40, 5, 3] });
  });

  it('waits while a process works, and returns once it is quiet', async () => {
    const child = busyThenIdle(1500);
    try {
      const result = await waitUntilQuiet(child.pid as number, { windowMs: 300, timeoutMs: 20_000 });
      expect(result.quiet).toBe(true);
      expect(result.waitedMs).toBeGreaterThanOrEqual(1000);
    } finally {
      child.kill();
    }
  });

  it('gives up after the timeout when the process stays busy', async () => {
    const child = busyThenIdle(20_000);
    try {
      const result = await waitUntilQuiet(child.pid as number, { windowMs: 300, timeoutMs: 1200 });
      expect(result.quiet).toBe(false);
    } finally {
      child.kill();
    }
  });
});
