import { Migration } from '@mikro-orm/migrations';

/**
 * Facility ownership (issue 4): every patient and study belongs to a facility. Rows stored before
 * go to the `default` facility (created here when the auth bootstrap has not made it yet). Patients
 * are keyed per facility: the same Patient ID at two sites is two patients. Study, series and SOP
 * instance UIDs stay globally unique (they are DICOM UIDs).
 */
export class Migration004FacilityOwnership extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `insert into facility (id, code, name) values (gen_random_uuid(), 'default', 'Default facility')
       on conflict (code) do nothing;`,
    );
    for (const table of ['patient', 'study']) {
      this.addSql(`alter table ${table} add column facility_id uuid null references facility (id);`);
      this.addSql(`update ${table} set facility_id = (select id from facility where code = 'default');`);
      this.addSql(`alter table ${table} alter column facility_id set not null;`);
    }
    this.addSql('alter table patient drop constraint patient_patient_key_key;');
    this.addSql('alter table patient add constraint patient_facility_key_unique unique (facility_id, patient_key);');
    this.addSql('create index study_facility_idx on study (facility_id, study_date);');
    this.addSql('alter table ingest_job add column facility_id uuid null references facility (id);');
    this.addSql('alter table ingest_job add column user_id uuid null;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table ingest_job drop column user_id, drop column facility_id;');
    this.addSql('drop index study_facility_idx;');
    this.addSql('alter table patient drop constraint patient_facility_key_unique;');
    this.addSql('alter table patient add constraint patient_patient_key_key unique (patient_key);');
    this.addSql('alter table study drop column facility_id;');
    this.addSql('alter table patient drop column facility_id;');
  }
}
