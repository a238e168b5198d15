import type { Engine } from '@lucent/engine';
import type { Metrics } from './metrics.js';

type AnyMethod = (...args: unknown[]) => unknown;

/**
 * The engine with every task method timed into `lucent_engine_task_duration_seconds{task}` (queue
 * wait included: what a request experiences). stats() and close() pass through untimed.
 */
export function instrumentEngine(engine: Engine, histogram: Metrics['engineTaskDuration']): Engine {
  return new Proxy(engine, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'stats' || property === 'close') return value;
      const method = value as AnyMethod;
      return function timedTask(...args: unknown[]) {
        const end = histogram.startTimer({ task: String(property) });
        const result = method.apply(target, args);
        if (result instanceof Promise) return result.finally(end);
        end();
        return result;
      };
    },
  });
}
