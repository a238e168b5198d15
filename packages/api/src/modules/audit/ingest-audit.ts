import type { AuditOutcome } from '@lucent/shared';
import type { RequestOrigin } from '../../security/auth-context.js';
import type { AuditActor, AuditRecord } from './audit-entry.js';

/** One upload request (REST, form, STOW, or a background job it started): what it stored. */
export interface IngestAuditScope {
  via: string;
  actor: AuditActor | null;
  origin: Partial<RequestOrigin> | null;
  stored: string[];
  overwritten: string[];
  /** Set when the request's own row has been written; later stores (a background job) get rows of their own. */
  ended: boolean;
  jobId: string | undefined;
  late: string[];
  lateTimer: NodeJS.Timeout | undefined;
}

export interface IngestAuditOptions {
  record(entry: AuditRecord): void;
  studiesOf(sopInstanceUids: readonly string[]): Promise<Map<string, string>>;
  onError(error: unknown): void;
  /** Quiet time after which a background job's stores are written as one row (ms). */
  lateWindowMs?: number;
}

export interface IngestAudit {
  /** Open the scope of an upload request; it goes with the request's ingest calls (and its job's). */
  begin(via: string, origin: Partial<RequestOrigin> | null): IngestAuditScope;
  /** After the request: who it was (known once authentication ran), how it ended; writes its row. */
  end(scope: IngestAuditScope, outcome: AuditOutcome, actor: AuditActor | null, details: Record<string, unknown>): void;
  /** The instance-events listener: attributes a stored instance to the upload that stored it (none: internal). */
  stored(sopInstanceUid: string, replaced: boolean, scope: IngestAuditScope | undefined): void;
  flush(): Promise<void>;
}

/**
 * Writes are recorded per upload request: one `instances.ingest` row listing the stored instances
 * (by study), plus an `instance.overwrite` row for each instance an upload replaced. The scope
 * opened for the request travels with its ingest calls (and the background job it queues) into the
 * instance events, which say whose upload it was. (Passed explicitly, not through AsyncLocalStorage:
 * on Node 20 an AsyncLocalStorage, once used, puts a hook on every promise of every later request.)
 */
export function createIngestAudit(options: IngestAuditOptions): IngestAudit {
  const writing = new Set<Promise<void>>();
  const lateScopes = new Set<IngestAuditScope>();
  const lateWindowMs = options.lateWindowMs ?? 1000;

  function track(work: Promise<void>): void {
    writing.add(work);
    void work.finally(() => writing.delete(work));
  }

  function writeRow(
    scope: IngestAuditScope,
    outcome: AuditOutcome,
    stored: string[],
    details: Record<string, unknown>,
  ) {
    track(
      (async () => {
        let studies = new Map<string, string>();
        try {
          studies = await options.studiesOf([...stored, ...scope.overwritten]);
        } catch (error) {
          options.onError(error);
        }
        const byStudy = new Map<string, string[]>();
        for (const uid of stored) {
          const study = studies.get(uid) ?? 'unknown';
          byStudy.set(study, [...(byStudy.get(study) ?? []), uid]);
        }
        const only = byStudy.size === 1 ? [...byStudy.keys()][0] : undefined;
        options.record({
          action: 'instances.ingest',
          outcome,
          resourceType: 'study',
          resourceId: only === undefined || only === 'unknown' ? null : only,
          actor: scope.actor,
          origin: scope.origin,
          details: {
            via: scope.via,
            ...details,
            ...(scope.jobId === undefined ? {} : { jobId: scope.jobId }),
            storedCount: stored.length,
            stored: [...byStudy].map(([studyInstanceUid, sopInstanceUids]) => ({ studyInstanceUid, sopInstanceUids })),
          },
        });
        for (const uid of scope.overwritten.splice(0)) {
          options.record({
            action: 'instance.overwrite',
            outcome: 'success',
            resourceType: 'instance',
            resourceId: uid,
            actor: scope.actor,
            origin: scope.origin,
            details: { via: scope.via, studyInstanceUid: studies.get(uid) ?? null },
          });
        }
      })(),
    );
  }

  function writeLate(scope: IngestAuditScope): void {
    lateScopes.delete(scope);
    if (scope.lateTimer !== undefined) clearTimeout(scope.lateTimer);
    scope.lateTimer = undefined;
    if (scope.late.length === 0 && scope.overwritten.length === 0) return;
    writeRow(scope, 'success', scope.late.splice(0), { phase: 'background' });
  }

  return {
    begin(via, origin) {
      return {
        via,
        actor: null,
        origin,
        stored: [],
        overwritten: [],
        ended: false,
        jobId: undefined,
        late: [],
        lateTimer: undefined,
      };
    },
    end(scope, outcome, actor, details) {
      if (scope.ended) return;
      scope.ended = true;
      scope.actor = actor;
      if (typeof details.jobId === 'string') scope.jobId = details.jobId;
      writeRow(scope, outcome, scope.stored.splice(0), details);
    },
    stored(sopInstanceUid, replaced, scope) {
      if (scope === undefined) {
        // Not from a request (the demo loader, a command): still a write, recorded on its own.
        options.record({
          action: 'instances.ingest',
          resourceType: 'instance',
          resourceId: sopInstanceUid,
          details: { via: 'internal', replaced, storedCount: 1 },
        });
        return;
      }
      if (replaced) scope.overwritten.push(sopInstanceUid);
      if (!scope.ended) {
        scope.stored.push(sopInstanceUid);
        return;
      }
      scope.late.push(sopInstanceUid);
      lateScopes.add(scope);
      if (scope.lateTimer !== undefined) clearTimeout(scope.lateTimer);
      scope.lateTimer = setTimeout(() => writeLate(scope), lateWindowMs);
      scope.lateTimer.unref();
    },
    async flush() {
      for (const scope of [...lateScopes]) writeLate(scope);
      while (writing.size > 0) await Promise.all([...writing]);
    },
  };
}
