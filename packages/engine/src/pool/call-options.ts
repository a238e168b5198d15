import type { CallOptions } from './engine-options.js';

/** Only the fields of CallOptions (callers may pass wider objects; nothing else goes to a task). */
export function callOptions(options: CallOptions): CallOptions {
  return {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
}
