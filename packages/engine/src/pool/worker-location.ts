import { fileURLToPath } from 'node:url';

/** Which file the pool's threads run, and the Node options they need for it. */
export interface WorkerLocation {
  filename: string;
  /** Undefined: the threads inherit the process's options. */
  execArgv: string[] | undefined;
}

const SOURCE_CONDITION = '--conditions=@lucent/source';

/**
 * Built (`dist`): the compiled `worker.js` beside this module. From source (Vitest, tsx): a plain
 * `.mjs` bootstrap that registers tsx in the thread before importing `worker.ts`, with the
 * `@lucent/source` export condition so workspace packages resolve to their `src` as well.
 */
export function workerLocation(moduleUrl: string = import.meta.url): WorkerLocation {
  const fromSource = /\.[cm]?ts$/.test(new URL(moduleUrl).pathname);
  if (!fromSource) return { filename: fileURLToPath(new URL('./worker.js', moduleUrl)), execArgv: undefined };
  return {
    filename: fileURLToPath(new URL('./worker-from-source.mjs', moduleUrl)),
    execArgv: [SOURCE_CONDITION],
  };
}
