import { Migration } from '@mikro-orm/migrations';

/**
 * PHI at rest (issue 4): patient identifiers, the referring physician, the PHI inside
 * instance.metadata, instance.dicom_json and ingest_job.files become AES-256-GCM field tokens
 * (security/phi). SQL cannot encrypt, so existing rows keep their values with `phi_encrypted =
 * false` here and are encrypted by the start-up backfill (security/phi/phi-backfill.ts) before the
 * server takes traffic. Search moves from plaintext columns to blind indexes.
 */
export class Migration006PhiAtRest extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table patient
        add column issuer_of_patient_id text null,
        add column patient_id_index text null,
        add column patient_name_index text null,
        add column patient_name_prefixes text[] not null default '{}',
        add column phi_encrypted boolean not null default false;`);
    // The old indexes hold plaintext names and IDs in their pages: drop them.
    this.addSql('drop index if exists patient_name_idx;');
    this.addSql('drop index if exists patient_patient_id_idx;');
    this.addSql('create index patient_id_index_idx on patient (patient_id_index);');
    this.addSql('create index patient_name_index_idx on patient (patient_name_index);');
    this.addSql('create index patient_name_prefixes_idx on patient using gin (patient_name_prefixes);');
    this.addSql('alter table study add column phi_encrypted boolean not null default false;');
    this.addSql('alter table instance add column phi_encrypted boolean not null default false;');
    this.addSql('alter table ingest_job add column phi_encrypted boolean not null default false;');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists patient_id_index_idx, patient_name_index_idx, patient_name_prefixes_idx;');
    this.addSql(`
      alter table patient
        drop column issuer_of_patient_id, drop column patient_id_index, drop column patient_name_index,
        drop column patient_name_prefixes, drop column phi_encrypted;`);
    this.addSql('alter table study drop column phi_encrypted;');
    this.addSql('alter table instance drop column phi_encrypted;');
    this.addSql('alter table ingest_job drop column phi_encrypted;');
  }
}
