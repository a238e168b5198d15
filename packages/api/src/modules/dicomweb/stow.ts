import type { DicomJsonDataset } from '@lucent/engine';
import { AppError, type IngestFileResult } from '@lucent/shared';
import type { Services } from '../../app/services.js';
import { parseMultipartRelated } from '../../http/multipart-related.js';
import type { IngestAuditScope } from '../audit/ingest-audit.js';
import { Tag, text } from './dicom-attributes.js';
import { parseMediaType } from './media-type.js';

/** FailureReason values (PS3.18 Table 10.5.3-2 / PS3.4 Annex B). */
export const FailureReason = {
  ProcessingFailure: 0x0110,
  DuplicateSopInstance: 0x0111,
  OutOfResources: 0xa700,
  DataSetDoesNotMatch: 0xa900,
  CannotUnderstand: 0xc000,
} as const;

interface StowOutcome {
  result: IngestFileResult;
  failureReason?: number;
}

/** The Content-Type of a STOW-RS request: multipart/related with type application/dicom; its boundary. */
export function stowBoundary(contentType: string | undefined): string {
  const media = parseMediaType(contentType ?? '');
  const type = media.params.type?.toLowerCase();
  if (media.type !== 'multipart/related' || (type !== undefined && type !== 'application/dicom')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      message: 'Send multipart/related; type="application/dicom"',
      details: { contentType: media.type },
    });
  }
  const boundary = media.params.boundary;
  if (boundary === undefined || boundary === '') {
    throw new AppError('VALIDATION_FAILED', { message: 'The multipart body has no boundary' });
  }
  return boundary;
}

function reasonFor(code: string): number {
  switch (code) {
    case 'INSTANCE_CONFLICT':
      return FailureReason.DuplicateSopInstance;
    case 'PAYLOAD_TOO_LARGE':
      return FailureReason.OutOfResources;
    case 'INVALID_DICOM':
    case 'TRUNCATED_DICOM':
    case 'INVALID_UID':
    case 'UNSUPPORTED_MEDIA_TYPE':
      return FailureReason.CannotUnderstand;
    default:
      return FailureReason.ProcessingFailure;
  }
}

/** Who stores: the facility that owns what is stored, and the upload request's audit scope. */
export interface StowUploader {
  facilityId: string;
  audit?: IngestAuditScope | undefined;
}

/** Store each part; a part of another study (on /studies/{s}) or of another media type fails alone. */
async function storePart(
  services: Services,
  part: { contentType: string | undefined; body: Uint8Array },
  index: number,
  studyInstanceUid: string | undefined,
  uploader: StowUploader,
): Promise<StowOutcome> {
  const name = `part ${index + 1}`;
  const type = part.contentType === undefined ? 'application/dicom' : parseMediaType(part.contentType).type;
  if (type !== 'application/dicom') {
    return {
      result: { name, outcome: 'failed', error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Not application/dicom' } },
      failureReason: FailureReason.CannotUnderstand,
    };
  }
  if (studyInstanceUid !== undefined) {
    const metadata = await services.engine.info(part.body, { copy: true }).catch(() => undefined);
    const partStudy = metadata?.study.studyInstanceUid?.trim();
    if (metadata !== undefined && partStudy !== studyInstanceUid) {
      return {
        result: {
          name,
          outcome: 'failed',
          ...(metadata.instance.sopInstanceUid === undefined
            ? {}
            : { sopInstanceUid: metadata.instance.sopInstanceUid }),
          error: { code: 'VALIDATION_FAILED', message: 'The instance belongs to another study' },
        },
        failureReason: FailureReason.DataSetDoesNotMatch,
      };
    }
  }
  const result = await services.ingest.ingestSettled(part.body, { name, ...uploader });
  return result.outcome === 'failed'
    ? { result, failureReason: reasonFor(result.error?.code ?? 'INTERNAL') }
    : { result };
}

export interface StowResponse {
  status: 200 | 202 | 409;
  body: DicomJsonDataset;
}

/** STOW-RS (PS3.18 10.5): store every part, answer with Referenced / Failed SOP Sequences. */
export async function storeInstances(
  services: Services,
  body: Uint8Array,
  boundary: string,
  baseUrl: string,
  studyInstanceUid: string | undefined,
  /** The uploader's facility (it owns what is stored; another facility's UIDs fail as conflicts) and the request's audit scope. */
  uploader: StowUploader,
): Promise<StowResponse> {
  const parts = parseMultipartRelated(body, boundary);
  if (parts.length === 0) throw new AppError('VALIDATION_FAILED', { message: 'The multipart body has no parts' });
  const outcomes: StowOutcome[] = [];
  for (const [index, part] of parts.entries())
    outcomes.push(await storePart(services, part, index, studyInstanceUid, uploader));

  const storedUids = outcomes.flatMap((o) =>
    o.failureReason === undefined && o.result.sopInstanceUid ? [o.result.sopInstanceUid] : [],
  );
  const classes = await sopClassesOf(services, storedUids);
  const referenced = outcomes.filter((o) => o.failureReason === undefined);
  const failed = outcomes.filter((o) => o.failureReason !== undefined);
  const response: DicomJsonDataset = {};
  const studies = new Set(referenced.map((o) => o.result.studyInstanceUid));
  const onlyStudy = studyInstanceUid ?? (studies.size === 1 ? [...studies][0] : undefined);
  if (onlyStudy !== undefined && referenced.length > 0) {
    response[Tag.RetrieveURL] = { vr: 'UR', Value: [`${baseUrl}/studies/${onlyStudy}`] };
  }
  if (failed.length > 0) {
    response[Tag.FailedSOPSequence] = {
      vr: 'SQ',
      Value: failed.map((o) => ({
        [Tag.ReferencedSOPClassUID]: { vr: 'UI' },
        [Tag.ReferencedSOPInstanceUID]: text('UI', o.result.sopInstanceUid),
        [Tag.FailureReason]: { vr: 'US', Value: [o.failureReason as number] },
      })),
    };
  }
  if (referenced.length > 0) {
    response[Tag.ReferencedSOPSequence] = {
      vr: 'SQ',
      Value: referenced.map((o) => {
        const { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: sop } = o.result;
        return {
          [Tag.ReferencedSOPClassUID]: text('UI', sop === undefined ? undefined : classes.get(sop)),
          [Tag.ReferencedSOPInstanceUID]: text('UI', sop),
          [Tag.RetrieveURL]: { vr: 'UR', Value: [`${baseUrl}/studies/${study}/series/${series}/instances/${sop}`] },
        };
      }),
    };
  }
  const status = failed.length === 0 ? 200 : referenced.length === 0 ? 409 : 202;
  return { status, body: response };
}

async function sopClassesOf(services: Services, uids: string[]): Promise<Map<string, string>> {
  if (uids.length === 0) return new Map();
  const knex = services.db.knex;
  const rows: Array<{ sop_instance_uid: string; sop_class_uid: string | null }> = await knex('instance')
    .select('sop_instance_uid', 'sop_class_uid')
    .whereIn('sop_instance_uid', uids);
  return new Map(
    rows.flatMap((row) => (row.sop_class_uid === null ? [] : [[row.sop_instance_uid, row.sop_class_uid]])),
  );
}
