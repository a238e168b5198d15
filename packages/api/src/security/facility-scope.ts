import { AppError } from '@lucent/shared';
import type { Knex } from '@mikro-orm/postgresql';
import type { Context } from 'hono';
import type { AppEnv } from '../app/app-env.js';
import { type FacilityScope, facilityScopeOf } from './auth-context.js';

/** Every facility (system work, tests, system_admin). */
export const ALL_FACILITIES: FacilityScope = { kind: 'all' };

/** The scope of the request's caller; routes behind requirePermission always have one. */
export function requestScope(c: Context<AppEnv>): FacilityScope {
  const auth = c.get('auth');
  if (auth === null) throw new AppError('UNAUTHENTICATED');
  return facilityScopeOf(auth);
}

/** May a caller with `scope` see data of facility `facilityId`? */
export const canSee = (scope: FacilityScope, facilityId: string): boolean =>
  scope.kind === 'all' || scope.facilityId === facilityId;

/** Restrict a query to the scope (`column` is the facility id column of the owning study or patient). */
export function whereInScope<Q extends Knex.QueryBuilder>(query: Q, scope: FacilityScope, column: string): Q {
  if (scope.kind === 'facility') query.where(column, scope.facilityId);
  return query;
}

/** 404, never 403: another facility's data does not exist for the caller. */
export function assertInScope(scope: FacilityScope, facilityId: string, what = 'Instance'): void {
  if (!canSee(scope, facilityId)) throw new AppError('NOT_FOUND', { message: `${what} not found` });
}
