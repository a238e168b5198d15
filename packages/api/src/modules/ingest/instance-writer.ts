import { randomUUID } from 'node:crypto';
import type { DicomMetadata } from '@lucent/shared';
import type { Knex } from '@mikro-orm/postgresql';
import { type InstanceUids, intOrNull, textOrNull } from './instance-record.js';
import type { ProtectedColumns } from './protected-columns.js';

export interface InstanceFile {
  metadata: DicomMetadata;
  uids: InstanceUids;
  storageKey: string;
  sha256: string;
  size: number;
  /** The PHI as stored: tokens and blind indexes (protectedColumnsOf). */
  protected: ProtectedColumns;
}

/**
 * Upsert patient, study and series (locking the study row for the rest of the transaction, which
 * serialises concurrent uploads into one study so the counts below stay exact).
 */
async function upsertHierarchy(
  trx: Knex.Transaction,
  file: InstanceFile,
  facilityId: string,
): Promise<{ studyId: string; seriesId: string } | 'foreign'> {
  const { metadata, uids } = file;
  // A study of another facility is never touched (nor its patient created here): checked first.
  const owner: { facility_id: string } | undefined = await trx('study')
    .select('facility_id')
    .where('study_instance_uid', uids.studyInstanceUid)
    .first();
  if (owner !== undefined && owner.facility_id !== facilityId) return 'foreign';
  const phi = file.protected;
  const [patient] = await trx('patient')
    .insert({
      id: randomUUID(),
      facility_id: facilityId,
      ...phi.patient,
      sex: textOrNull(metadata.patient.patientSex),
      phi_encrypted: true,
    })
    .onConflict(['facility_id', 'patient_key'])
    .merge({
      patient_name: trx.raw('coalesce(patient.patient_name, excluded.patient_name)'),
      patient_name_index: trx.raw(
        'case when patient.patient_name is null then excluded.patient_name_index else patient.patient_name_index end',
      ),
      patient_name_prefixes: trx.raw(
        'case when patient.patient_name is null then excluded.patient_name_prefixes else patient.patient_name_prefixes end',
      ),
      issuer_of_patient_id: trx.raw('coalesce(patient.issuer_of_patient_id, excluded.issuer_of_patient_id)'),
      birth_date: trx.raw('coalesce(patient.birth_date, excluded.birth_date)'),
      sex: trx.raw('coalesce(patient.sex, excluded.sex)'),
    })
    .returning('id');
  const [study] = await trx('study')
    .insert({
      id: randomUUID(),
      study_instance_uid: uids.studyInstanceUid,
      patient_id: patient.id,
      facility_id: facilityId,
      study_id: textOrNull(metadata.study.studyId),
      study_date: textOrNull(metadata.study.studyDate),
      study_time: textOrNull(metadata.study.studyTime),
      accession_number: textOrNull(metadata.study.accessionNumber),
      description: textOrNull(metadata.study.studyDescription),
      referring_physician_name: phi.referringPhysicianName,
      phi_encrypted: true,
    })
    .onConflict('study_instance_uid')
    .merge({ updated_at: trx.fn.now(), study_id: trx.raw('coalesce(study.study_id, excluded.study_id)') })
    .returning(['id', 'facility_id']);
  // Raced with another facility's first upload of this study: the transaction rolls back the merge.
  if (study.facility_id !== facilityId) return 'foreign';
  const [series] = await trx('series')
    .insert({
      id: randomUUID(),
      series_instance_uid: uids.seriesInstanceUid,
      study_id: study.id,
      modality: textOrNull(metadata.series.modality),
      series_number: intOrNull(metadata.series.seriesNumber),
      description: textOrNull(metadata.series.seriesDescription),
      body_part_examined: textOrNull(metadata.series.bodyPartExamined),
    })
    .onConflict('series_instance_uid')
    .merge({ modality: trx.raw('coalesce(series.modality, excluded.modality)') })
    .returning(['id', 'study_id']);
  if (series.study_id !== study.id) {
    // The series UID already belongs to another study: it must be one of this facility's.
    const seriesStudy: { facility_id: string } | undefined = await trx('study')
      .select('facility_id')
      .where('id', series.study_id)
      .first();
    if (seriesStudy?.facility_id !== facilityId) return 'foreign';
  }
  return { studyId: series.study_id, seriesId: series.id };
}

function instanceColumns(file: InstanceFile, ids: { studyId: string; seriesId: string }) {
  const { metadata } = file;
  const image = metadata.image;
  const { pixelData, ...rest } = file.protected.metadata;
  return {
    series_id: ids.seriesId,
    study_id: ids.studyId,
    sop_class_uid: textOrNull(metadata.instance.sopClassUid),
    instance_number: intOrNull(metadata.instance.instanceNumber),
    transfer_syntax_uid: metadata.instance.transferSyntaxUid,
    rows: image?.rows ?? null,
    columns: image?.columns ?? null,
    bits_allocated: image?.bitsAllocated ?? null,
    bits_stored: image?.bitsStored ?? null,
    pixel_representation: image?.pixelRepresentation ?? null,
    samples_per_pixel: image?.samplesPerPixel ?? null,
    photometric_interpretation: image?.photometricInterpretation ?? null,
    number_of_frames: pixelData?.frames.length ?? 0,
    frames: JSON.stringify(pixelData?.frames ?? []),
    pixel_offset_base: pixelData?.offsetBase ?? null,
    metadata: JSON.stringify({
      ...rest,
      ...(pixelData === undefined ? {} : { pixelData: { ...pixelData, frames: undefined } }),
    }),
    dicom_json: file.protected.dicomJson,
    phi_encrypted: true,
    storage_key: file.storageKey,
    file_size: file.size,
    sha256: file.sha256,
  };
}

/** Recount a series and its study (the study row is locked by upsertHierarchy). */
async function refreshCounts(trx: Knex.Transaction, studyIds: string[], seriesIds: string[]): Promise<void> {
  await trx.raw(
    `update series se set number_of_instances = (select count(*) from instance i where i.series_id = se.id)
     where se.id = any(?::uuid[])`,
    [seriesIds],
  );
  await trx.raw(
    `update study s set
       number_of_instances = (select count(*) from instance i where i.study_id = s.id),
       number_of_series = (select count(*) from series se where se.study_id = s.id and se.number_of_instances > 0),
       modalities = coalesce((select array_agg(distinct se.modality order by se.modality) from series se
                     where se.study_id = s.id and se.modality is not null and se.number_of_instances > 0), '{}'),
       updated_at = now()
     where s.id = any(?::uuid[])`,
    [studyIds],
  );
}

export type WriteOutcome =
  | { kind: 'inserted'; id: string }
  /** The study, series or instance belongs to another facility: nothing was written (the caller rolls back). */
  | { kind: 'foreign' }
  | { kind: 'replaced'; id: string; previousKey: string }
  | { kind: 'exists'; sha256: string; storageKey: string };

/** Insert the instance row, or replace an existing one when `overwrite` (never silently). */
export async function writeInstanceRow(
  trx: Knex.Transaction,
  file: InstanceFile,
  overwrite: boolean,
  facilityId: string,
): Promise<WriteOutcome> {
  const ids = await upsertHierarchy(trx, file, facilityId);
  if (ids === 'foreign') return { kind: 'foreign' };
  const existing:
    | { id: string; sha256: string; storage_key: string; series_id: string; study_id: string; facility_id: string }
    | undefined = await trx('instance as i')
    .join('study as s', 's.id', 'i.study_id')
    .select('i.id', 'i.sha256', 'i.storage_key', 'i.series_id', 'i.study_id', 's.facility_id')
    .where('i.sop_instance_uid', file.uids.sopInstanceUid)
    .forUpdate('i')
    .first();
  if (existing !== undefined && existing.facility_id !== facilityId) return { kind: 'foreign' };
  if (existing !== undefined && (!overwrite || existing.sha256 === file.sha256)) {
    return { kind: 'exists', sha256: existing.sha256, storageKey: existing.storage_key };
  }
  const columns = instanceColumns(file, ids);
  if (existing !== undefined) {
    await trx('instance')
      .where('id', existing.id)
      .update({ ...columns, updated_at: trx.fn.now() });
    await refreshCounts(
      trx,
      [...new Set([ids.studyId, existing.study_id])],
      [...new Set([ids.seriesId, existing.series_id])],
    );
    return { kind: 'replaced', id: existing.id, previousKey: existing.storage_key };
  }
  const id = randomUUID();
  const inserted = await trx('instance')
    .insert({ id, sop_instance_uid: file.uids.sopInstanceUid, ...columns })
    .onConflict('sop_instance_uid')
    .ignore()
    .returning('id');
  if (inserted.length === 0) {
    const winner = await trx('instance as i')
      .join('study as s', 's.id', 'i.study_id')
      .select('i.sha256', 'i.storage_key', 's.facility_id')
      .where('i.sop_instance_uid', file.uids.sopInstanceUid)
      .first();
    if (winner.facility_id !== facilityId) return { kind: 'foreign' };
    return { kind: 'exists', sha256: winner.sha256, storageKey: winner.storage_key };
  }
  await refreshCounts(trx, [ids.studyId], [ids.seriesId]);
  return { kind: 'inserted', id };
}
