import type { MigrationObject } from '@mikro-orm/core';
import { Migration001Initial } from './migration-001-initial.js';
import { Migration002StudyId } from './migration-002-study-id.js';
import { Migration003FacilitiesUsers } from './migration-003-facilities-users.js';
import { Migration004FacilityOwnership } from './migration-004-facility-ownership.js';
import { Migration005AuditLog } from './migration-005-audit-log.js';
import { Migration006PhiAtRest } from './migration-006-phi-at-rest.js';

/** Every migration, in order. Listed explicitly so they run the same from src (tsx) and dist. */
export const migrationList: MigrationObject[] = [
  { name: 'Migration001Initial', class: Migration001Initial },
  { name: 'Migration002StudyId', class: Migration002StudyId },
  { name: 'Migration003FacilitiesUsers', class: Migration003FacilitiesUsers },
  { name: 'Migration004FacilityOwnership', class: Migration004FacilityOwnership },
  { name: 'Migration005AuditLog', class: Migration005AuditLog },
  { name: 'Migration006PhiAtRest', class: Migration006PhiAtRest },
];
