import type { Instance } from '../db/entities.js';
import type { IngestAuditScope } from '../modules/audit/ingest-audit.js';

export interface StoredInstanceEvent {
  instance: Instance;
  /** The stored file's bytes (already in memory at ingest; spares a re-read). */
  bytes: Uint8Array;
  replaced: boolean;
  /** The upload request that stored it, for the audit trail; none for internal writes (demo, commands). */
  audit: IngestAuditScope | undefined;
}

type Listener = (event: StoredInstanceEvent) => Promise<void> | void;

/**
 * What happens after an instance is committed (thumbnail pre-render, cache invalidation…). Listeners
 * run after the response's work is done; their failures are logged, never fail the upload.
 */
export interface InstanceEvents {
  onStored(listener: Listener): void;
  /** Start the listeners in the background (the upload does not wait for them). */
  emitStored(event: StoredInstanceEvent): void;
  /** Resolves when every listener started so far has finished (shutdown, tests). */
  idle(): Promise<void>;
}

export function createInstanceEvents(onError: (error: unknown) => void): InstanceEvents {
  const listeners: Listener[] = [];
  const pending = new Set<Promise<void>>();
  return {
    onStored(listener) {
      listeners.push(listener);
    },
    emitStored(event) {
      for (const listener of listeners) {
        const run = (async () => {
          try {
            await listener(event);
          } catch (error) {
            onError(error);
          }
        })();
        pending.add(run);
        void run.finally(() => pending.delete(run));
      }
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
