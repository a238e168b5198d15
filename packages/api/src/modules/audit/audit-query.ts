import type { AuditFilters } from '@lucent/shared';
import type { Knex } from '@mikro-orm/postgresql';
import type { FacilityScope } from '../../security/auth-context.js';

/** audit_log restricted to what the filters and the caller's facility scope allow. */
export function filteredAuditLog(knex: Knex, filters: AuditFilters, scope: FacilityScope): Knex.QueryBuilder {
  const query = knex('audit_log');
  if (scope.kind === 'facility') query.where('facility_id', scope.facilityId);
  if (filters.userId !== undefined) query.where('user_id', filters.userId.toLowerCase());
  if (filters.username !== undefined) query.where('username', filters.username.toLowerCase());
  if (filters.action !== undefined) query.where('action', filters.action);
  if (filters.resourceType !== undefined) query.where('resource_type', filters.resourceType);
  if (filters.resourceId !== undefined) query.where('resource_id', filters.resourceId);
  if (filters.outcome !== undefined) query.where('outcome', filters.outcome);
  if (filters.from !== undefined) query.where('occurred_at', '>=', new Date(filters.from));
  if (filters.to !== undefined) query.where('occurred_at', '<', new Date(filters.to));
  return query;
}
