import { DicomUid, isAppError } from '@lucent/shared';
import { z } from 'zod';
import type { AuthContext, RequestOrigin } from '../../security/auth-context.js';
import type { AuditService } from './audit.service.js';
import { actorOf } from './audit-entry.js';
import { outcomeOfStatus } from './http-audit.js';

/** The part of the tRPC context the audit needs (structural: no import of trpc.ts, no cycle). */
export interface AuditedContext {
  services: { audit: AuditService };
  requestId: string;
  auth?: AuthContext | null | undefined;
  origin?: RequestOrigin | undefined;
}

interface ProcedureAudit {
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  details: Record<string, unknown>;
}

type Describe = (input: unknown, output: unknown) => ProcedureAudit;

const StudyInput = z.object({ studyInstanceUid: DicomUid });
const InstanceInput = z.object({ sopInstanceUid: DicomUid });
const JobInput = z.object({ id: z.string().uuid() });
const InstanceOutput = z.object({ studyInstanceUid: z.string() });
const SearchOutput = z.object({ total: z.number(), items: z.array(z.object({ studyInstanceUid: z.string() })) });
const VerifyOutput = z.object({ valid: z.boolean(), checked: z.number(), firstBrokenId: z.string().optional() });

/** Names of the filters a search used: their values may be patient names or IDs. */
function filterNames(input: unknown): string[] {
  if (typeof input !== 'object' || input === null) return [];
  return Object.entries(input)
    .filter(([name, value]) => value !== undefined && !['limit', 'offset', 'sort', 'order'].includes(name))
    .map(([name]) => name)
    .sort();
}

const studyOf = (input: unknown) => StudyInput.safeParse(input).data?.studyInstanceUid ?? null;

/** Procedures whose calls are recorded, and how. */
const PROCEDURES: Record<string, Describe> = {
  'studies.get': (input) => ({ action: 'study.read', resourceType: 'study', resourceId: studyOf(input), details: {} }),
  'studies.search': (input, output) => {
    const result = SearchOutput.safeParse(output).data;
    return {
      action: 'study.search',
      resourceType: 'study',
      resourceId: null,
      details: {
        filters: filterNames(input),
        ...(result === undefined
          ? {}
          : { total: result.total, studyInstanceUids: result.items.map((item) => item.studyInstanceUid) }),
      },
    };
  },
  'instances.get': (input, output) => {
    const study = InstanceOutput.safeParse(output).data?.studyInstanceUid;
    return {
      action: 'instance.read',
      resourceType: 'instance',
      resourceId: InstanceInput.safeParse(input).data?.sopInstanceUid ?? null,
      details: study === undefined ? {} : { studyInstanceUid: study },
    };
  },
  'jobs.get': (input) => ({
    action: 'job.read',
    resourceType: 'job',
    resourceId: JobInput.safeParse(input).data?.id ?? null,
    details: {},
  }),
  'audit.search': (input) => ({
    action: 'audit.search',
    resourceType: 'audit_log',
    resourceId: null,
    details: { filters: filterNames(input) },
  }),
  'audit.verify': (_input, output) => ({
    action: 'audit.verify',
    resourceType: 'audit_log',
    resourceId: null,
    details: VerifyOutput.safeParse(output).data ?? {},
  }),
};

/** The HTTP status behind a failed call (the catalogue's, or 500). */
function statusOfError(error: unknown): number {
  const cause = error instanceof Error ? error.cause : undefined;
  if (isAppError(cause)) return cause.status;
  if (cause instanceof z.ZodError) return 400;
  return 500;
}

export type CallResult = { ok: true; data: unknown } | { ok: false; error: unknown };

/** Record one finished procedure call if it is audited (reads of patient data, audit access). */
export async function recordProcedureCall(
  ctx: AuditedContext,
  path: string,
  getRawInput: () => Promise<unknown>,
  result: CallResult,
): Promise<void> {
  const describe = PROCEDURES[path];
  if (describe === undefined) return;
  let input: unknown;
  try {
    input = await getRawInput();
  } catch {
    input = undefined;
  }
  const status = result.ok ? 200 : statusOfError(result.error);
  const entry = describe(input, result.ok ? result.data : undefined);
  ctx.services.audit.record({
    ...entry,
    outcome: outcomeOfStatus(status),
    actor: actorOf(ctx.auth),
    origin: ctx.origin ?? { requestId: ctx.requestId },
    details: { ...entry.details, via: 'trpc', ...(result.ok ? {} : { status }) },
  });
}
