import type { AuditOutcome } from '@lucent/shared';
import type { RequestOrigin } from '../../security/auth-context.js';
import type { AuditActor, AuditRecord } from './audit-entry.js';

/** One image request (thumbnail, rendered frame, pixels…), aggregated before it is recorded. */
export interface ImageRead {
  actor: AuditActor | null;
  origin: Partial<RequestOrigin> | null;
  outcome: AuditOutcome;
  /** What was rendered: thumbnail, preview, full, rendered, pixels, frames… */
  view: string;
  sopInstanceUid?: string;
  /** Known from DICOMweb paths; looked up for /api/v1/images reads when the window closes. */
  studyInstanceUid?: string;
  /** 1-based frame numbers. */
  frames?: readonly number[];
}

export interface ImageReadBatcherOptions {
  /** How long reads of one user are gathered before they are written (ms). */
  windowMs: number;
  /** Flush a user's reads early past this many distinct instances. */
  maxInstances?: number;
  record(entry: AuditRecord): void;
  studiesOf(sopInstanceUids: readonly string[]): Promise<Map<string, string>>;
  onError(error: unknown): void;
}

export interface ImageReadBatcher {
  add(read: ImageRead): void;
  /** Write every open window now. */
  flush(): Promise<void>;
}

interface InstanceReads {
  count: number;
  views: Map<string, number>;
  frames: Set<number>;
  studyInstanceUid: string | undefined;
}

interface Window {
  actor: AuditActor | null;
  origin: Partial<RequestOrigin> | null;
  outcome: AuditOutcome;
  firstAt: Date;
  lastAt: Date;
  /** Keyed by SOP Instance UID; reads naming only a study (representative thumbnails) under `study:<uid>`. */
  instances: Map<string, InstanceReads>;
  timer: NodeJS.Timeout;
}

const STUDY_ONLY = 'study:';

function windowKey(read: ImageRead): string {
  const who = read.actor?.userId ?? `anonymous@${read.origin?.ip ?? 'unknown'}`;
  return `${who}|${read.outcome}`;
}

interface StudyGroup {
  count: number;
  views: Map<string, number>;
  instances: Array<{ sopInstanceUid: string; count: number; frames: number[] }>;
}

/** One row per (user, outcome, study) for a window: count, views and the instance/frame list. */
function rowsOf(window: Window, studies: Map<string, string>): AuditRecord[] {
  const groups = new Map<string | null, StudyGroup>();
  for (const [key, reads] of window.instances) {
    const instanceUid = key.startsWith(STUDY_ONLY) ? undefined : key;
    const study = reads.studyInstanceUid ?? (instanceUid === undefined ? undefined : studies.get(instanceUid)) ?? null;
    let group = groups.get(study);
    if (group === undefined) {
      group = { count: 0, views: new Map(), instances: [] };
      groups.set(study, group);
    }
    group.count += reads.count;
    for (const [view, count] of reads.views) group.views.set(view, (group.views.get(view) ?? 0) + count);
    if (instanceUid !== undefined) {
      group.instances.push({
        sopInstanceUid: instanceUid,
        count: reads.count,
        frames: [...reads.frames].sort((a, b) => a - b),
      });
    }
  }
  return [...groups].map(([study, group]) => ({
    action: 'image.read',
    outcome: window.outcome,
    resourceType: 'study',
    resourceId: study,
    actor: window.actor,
    origin: window.origin,
    occurredAt: window.firstAt,
    details: {
      count: group.count,
      views: Object.fromEntries(group.views),
      instances: group.instances,
      firstAt: window.firstAt.toISOString(),
      lastAt: window.lastAt.toISOString(),
    },
  }));
}

/**
 * Image reads are many (a viewer loads every thumbnail of a study): they are gathered per user and
 * outcome for `windowMs` and written as one `image.read` row per study, with the read count, the
 * kinds of view and the instance/frame list, instead of one row per image.
 */
export function createImageReadBatcher(options: ImageReadBatcherOptions): ImageReadBatcher {
  const maxInstances = options.maxInstances ?? 500;
  const windows = new Map<string, Window>();
  const writing = new Set<Promise<void>>();

  function close(key: string): void {
    const window = windows.get(key);
    if (window === undefined) return;
    windows.delete(key);
    clearTimeout(window.timer);
    const unknown = [...window.instances]
      .filter(([uid, reads]) => reads.studyInstanceUid === undefined && !uid.startsWith(STUDY_ONLY))
      .map(([uid]) => uid);
    const write = (async () => {
      let studies = new Map<string, string>();
      try {
        studies = await options.studiesOf(unknown);
      } catch (error) {
        options.onError(error); // recorded without the study rather than not at all
      }
      for (const row of rowsOf(window, studies)) options.record(row);
    })();
    writing.add(write);
    void write.finally(() => writing.delete(write));
  }

  return {
    add(read) {
      const key = windowKey(read);
      const now = new Date();
      let window = windows.get(key);
      if (window === undefined) {
        const timer = setTimeout(() => close(key), options.windowMs);
        timer.unref();
        window = {
          actor: read.actor,
          origin: read.origin,
          outcome: read.outcome,
          firstAt: now,
          lastAt: now,
          instances: new Map(),
          timer,
        };
        windows.set(key, window);
      }
      window.lastAt = now;
      const instanceKey = read.sopInstanceUid ?? `${STUDY_ONLY}${read.studyInstanceUid ?? ''}`;
      let reads = window.instances.get(instanceKey);
      if (reads === undefined) {
        reads = { count: 0, views: new Map(), frames: new Set(), studyInstanceUid: read.studyInstanceUid };
        window.instances.set(instanceKey, reads);
      }
      reads.count += 1;
      reads.views.set(read.view, (reads.views.get(read.view) ?? 0) + 1);
      for (const frame of read.frames ?? []) reads.frames.add(frame);
      if (window.instances.size >= maxInstances) close(key);
    },
    async flush() {
      for (const key of [...windows.keys()]) close(key);
      while (writing.size > 0) await Promise.all([...writing]);
    },
  };
}
