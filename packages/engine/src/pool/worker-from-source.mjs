// Worker entry when the engine runs from TypeScript sources (tests, tsx): registers tsx in this
// thread, then loads worker.ts. Built code never uses this file (it runs dist/pool/worker.js).
import { register } from 'tsx/esm/api';

register();

let worker;

export default async function runTaskFromSource(request) {
  worker ??= import('./worker.ts');
  const { default: runTask } = await worker;
  return runTask(request);
}
