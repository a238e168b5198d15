import type { Database } from '../../db/open-database.js';

/** The study UID of each stored instance among `sopInstanceUids` (unknown ones are absent). */
export async function studiesOfInstances(
  db: Database,
  sopInstanceUids: readonly string[],
): Promise<Map<string, string>> {
  const studies = new Map<string, string>();
  if (sopInstanceUids.length === 0) return studies;
  const knex = db.knex;
  const rows: Array<{ sop_instance_uid: string; study_instance_uid: string }> = await knex('instance as i')
    .join('study as s', 's.id', 'i.study_id')
    .whereIn('i.sop_instance_uid', [...new Set(sopInstanceUids)])
    .select('i.sop_instance_uid', 's.study_instance_uid');
  for (const row of rows) studies.set(row.sop_instance_uid, row.study_instance_uid);
  return studies;
}
