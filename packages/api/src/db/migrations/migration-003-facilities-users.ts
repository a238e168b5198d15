import { Migration } from '@mikro-orm/migrations';

/**
 * Facilities and the users who sign in (issue 4). Every user belongs to one facility; roles are the
 * names in @lucent/shared's Role. Emails are stored lower-cased and unique.
 */
export class Migration003FacilitiesUsers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table facility (
        id uuid primary key,
        code text not null unique,
        name text not null,
        created_at timestamptz not null default now()
      );`);
    this.addSql(`
      create table app_user (
        id uuid primary key,
        email text not null unique check (email = lower(email)),
        display_name text not null,
        password_hash text not null,
        facility_id uuid not null references facility (id),
        roles text[] not null default '{}',
        active boolean not null default true,
        failed_logins integer not null default 0,
        locked_until timestamptz null,
        password_changed_at timestamptz not null default now(),
        last_login_at timestamptz null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql('create index app_user_facility_idx on app_user (facility_id);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table app_user;');
    this.addSql('drop table facility;');
  }
}
