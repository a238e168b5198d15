import type { Context } from 'hono';
import type { AppEnv } from '../../app/app-env.js';

/** What route audit declarations may take from a request: identifiers, never values a patient could be found by. */

const UID = /^[0-9]+(\.[0-9]+)*$/;

/** A path parameter that is a UID, or null (anything else is not echoed into the trail). */
export function uidParam(c: Context<AppEnv>, name: string): string | null {
  const value = c.req.param(name);
  return value !== undefined && value.length <= 64 && UID.test(value) ? value : null;
}

/** Frame numbers of a frame-list path parameter (`1,3,5`), or undefined when it is not one. */
export function frameListParam(c: Context<AppEnv>, name: string): number[] | undefined {
  const value = c.req.param(name);
  if (value === undefined || !/^\d{1,9}(,\d{1,9}){0,999}$/.test(value)) return undefined;
  return value.split(',').map(Number);
}

/** The names of the query parameters, sorted (at most 50): their values may be patient names or IDs. */
export function queryParameterNames(c: Context<AppEnv>): string[] {
  return [...new Set(new URL(c.req.url).searchParams.keys())].sort().slice(0, 50);
}

/** `{ [name]: value }`, or nothing when there is no value (for optional properties and details). */
export const optional = <T>(name: string, value: T | null | undefined): Record<string, T> =>
  value === null || value === undefined ? {} : { [name]: value };
