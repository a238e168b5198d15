import { Migration } from '@mikro-orm/migrations';

/** Patients, studies, series, instances (with each frame's location in the stored file) and ingest jobs. */
export class Migration001Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table patient (
        id uuid primary key,
        patient_key text not null unique,
        patient_id text null,
        patient_name text null,
        birth_date text null,
        sex text null,
        created_at timestamptz not null default now()
      );`);
    this.addSql(`
      create table study (
        id uuid primary key,
        study_instance_uid text not null unique,
        patient_id uuid not null references patient (id),
        study_date text null,
        study_time text null,
        accession_number text null,
        description text null,
        referring_physician_name text null,
        modalities text[] not null default '{}',
        number_of_series integer not null default 0,
        number_of_instances integer not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql('create index study_patient_idx on study (patient_id);');
    this.addSql('create index study_date_idx on study (study_date);');
    this.addSql('create index study_accession_idx on study (accession_number);');
    this.addSql('create index study_created_idx on study (created_at);');
    this.addSql('create index study_modalities_idx on study using gin (modalities);');
    this.addSql('create index patient_patient_id_idx on patient (patient_id);');
    this.addSql('create index patient_name_idx on patient (lower(patient_name) text_pattern_ops);');
    this.addSql(`
      create table series (
        id uuid primary key,
        series_instance_uid text not null unique,
        study_id uuid not null references study (id) on delete cascade,
        modality text null,
        series_number integer null,
        description text null,
        body_part_examined text null,
        number_of_instances integer not null default 0,
        created_at timestamptz not null default now()
      );`);
    this.addSql('create index series_study_idx on series (study_id);');
    this.addSql(`
      create table instance (
        id uuid primary key,
        sop_instance_uid text not null unique,
        series_id uuid not null references series (id) on delete cascade,
        study_id uuid not null references study (id) on delete cascade,
        sop_class_uid text null,
        instance_number integer null,
        transfer_syntax_uid text not null,
        rows integer null,
        columns integer null,
        bits_allocated integer null,
        bits_stored integer null,
        pixel_representation integer null,
        samples_per_pixel integer null,
        photometric_interpretation text null,
        number_of_frames integer not null default 0,
        frames jsonb not null default '[]',
        pixel_offset_base text null,
        metadata jsonb not null,
        dicom_json jsonb null,
        storage_key text not null,
        file_size bigint not null,
        sha256 text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql('create index instance_series_idx on instance (series_id, instance_number);');
    this.addSql('create index instance_study_idx on instance (study_id);');
    this.addSql(`
      create table ingest_job (
        id uuid primary key,
        kind text not null,
        status text not null,
        total integer not null default 0,
        processed integer not null default 0,
        stored integer not null default 0,
        duplicates integer not null default 0,
        failed integer not null default 0,
        files jsonb not null default '[]',
        error text null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        finished_at timestamptz null
      );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists ingest_job, instance, series, study, patient cascade;');
  }
}
