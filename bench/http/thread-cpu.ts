import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

/** CPU time of one thread or process, in clock ticks (user + system). */
export interface CpuTicks {
  user: number;
  system: number;
}

/**
 * User and system time from a `/proc/…/stat` line. The command name (field 2) is in parentheses
 * and may itself hold spaces or parentheses, so fields are counted from the last `)`.
 */
export function parseStatTimes(line: string): CpuTicks {
  const rest = line.slice(line.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, utime field 14, stime field 15.
  const user = Number(rest[11]);
  const system = Number(rest[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) throw new Error('not a /proc stat line');
  return { user, system };
}

let ticksPerSecond: number | undefined;

/** Milliseconds in one clock tick (`getconf CLK_TCK`, 100 on Linux unless configured otherwise). */
export function tickMilliseconds(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return 1000 / ticksPerSecond;
}

const total = (ticks: CpuTicks) => ticks.user + ticks.system;

/** CPU ticks of every thread of `pid`, by thread id (threads that ended are absent). */
export async function threadTicks(pid: number): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  const tids = await readdir(`/proc/${pid}/task`).catch(() => []);
  for (const tid of tids) {
    const line = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => undefined);
    if (line !== undefined) result.set(Number(tid), total(parseStatTimes(line)));
  }
  return result;
}

/** CPU ticks of every process whose command name is one of `names` (e.g. all `postgres` backends). */
export async function processTicksByName(names: readonly string[]): Promise<number> {
  let sum = 0;
  const entries = await readdir('/proc').catch(() => []);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    if (!names.includes(comm.trim())) continue;
    const line = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    // A process's own stat line does not count its exited children: enough for long-lived servers.
    if (line !== undefined) sum += total(parseStatTimes(line));
  }
  return sum;
}

/** Minor page faults of the whole process so far (field 10 of /proc/<pid>/stat). */
export async function minorFaults(pid: number): Promise<number> {
  const line = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return Number(line.slice(line.lastIndexOf(')') + 2).split(' ')[7] ?? Number.NaN);
}

/** Busy and total ticks of the whole machine (first line of /proc/stat). */
export async function machineTicks(): Promise<{ busy: number; all: number }> {
  const text = await readFile('/proc/stat', 'utf8');
  const fields = (text.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const all = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: all - idle, all };
}

/**
 * Per-thread CPU between two samples of one process: the thread with id `pid` (the main thread),
 * the other threads busiest first.
 */
export function threadDelta(
  pid: number,
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
): { main: number; others: number[] } {
  let main = 0;
  const others: number[] = [];
  for (const [tid, ticks] of after) {
    const spent = ticks - (before.get(tid) ?? 0);
    if (tid === pid) main = spent;
    else if (spent > 0) others.push(spent);
  }
  others.sort((a, b) => b - a);
  return { main, others };
}

/** CPU ticks of a whole process so far (all its threads), or undefined when it is gone. */
export async function processTicks(pid: number): Promise<number | undefined> {
  const line = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return line === undefined ? undefined : total(parseStatTimes(line));
}

/**
 * Wait until a process is quiet: less than `busyShare` of one core over a `windowMs` window (its
 * background work after an upload — derived frames, pre-rendered thumbnails — done), or `timeoutMs`
 * has passed. Resolves with how long it waited, and whether it became quiet.
 */
export async function waitUntilQuiet(
  pid: number,
  options: { windowMs?: number; busyShare?: number; timeoutMs?: number } = {},
): Promise<{ waitedMs: number; quiet: boolean }> {
  const windowMs = options.windowMs ?? 1000;
  const busyShare = options.busyShare ?? 0.05;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const started = Date.now();
  let before = await processTicks(pid);
  while (before !== undefined && Date.now() - started < timeoutMs) {
    await delay(windowMs);
    const after = await processTicks(pid);
    if (after === undefined) break;
    if ((after - before) * tickMilliseconds() < busyShare * windowMs)
      return { waitedMs: Date.now() - started, quiet: true };
    before = after;
  }
  return { waitedMs: Date.now() - started, quiet: false };
}
