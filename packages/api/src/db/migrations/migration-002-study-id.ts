import { Migration } from '@mikro-orm/migrations';

/**
 * Study ID (0020,0010) on the study row, so QIDO-RS study searches answer from one query instead of
 * also reading each study's first instance. Backfilled from the instances' stored metadata.
 */
export class Migration002StudyId extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table study add column study_id text null;');
    this.addSql(`
      update study s set study_id = (
        select nullif(i.metadata->'study'->>'studyId', '') from instance i where i.study_id = s.id
        order by i.instance_number asc nulls last, i.sop_instance_uid asc limit 1
      );`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table study drop column study_id;');
  }
}
