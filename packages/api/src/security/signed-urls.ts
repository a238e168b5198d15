import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '@lucent/shared';

/** Longest lifetime of a signed image URL. */
export const SIGNED_URL_MAX_SECONDS = 15 * 60;
const SIGNED_PATHS = [/^\/api\/v1\/images\/[^?#]+$/, /^\/dicomweb\/studies\/[^?#]+\/(rendered|thumbnail)$/];

export const isSignablePath = (pathname: string) => SIGNED_PATHS.some((pattern) => pattern.test(pathname));

/** path \n sorted query (without sig; exp and sid included) \n exp \n sid */
function canonical(pathname: string, params: URLSearchParams, exp: string, sid: string): string {
  const query = [...params.entries()]
    .filter(([name]) => name !== 'sig')
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${pathname}\n${query}\n${exp}\n${sid}`;
}

const hmac = (key: Uint8Array, text: string) => createHmac('sha256', key).update(text).digest();

/**
 * A URL for an <img src>: the path and its query plus `exp` (epoch seconds), `sid` and `sig` =
 * HMAC-SHA256(urlSigningKey, path + query + expiry + session id). 400 VALIDATION_FAILED for a path
 * outside /api/v1/images and DICOMweb rendered/thumbnail.
 */
export function signUrl(key: Uint8Array, pathWithQuery: string, sessionId: string, expiresAtSeconds: number): string {
  const url = new URL(pathWithQuery, 'http://lucent.invalid');
  if (url.origin !== 'http://lucent.invalid' || !pathWithQuery.startsWith('/') || !isSignablePath(url.pathname))
    throw new AppError('VALIDATION_FAILED', {
      message: 'Only GET paths under /api/v1/images and DICOMweb rendered or thumbnail resources can be signed',
    });
  for (const name of ['exp', 'sid', 'sig']) url.searchParams.delete(name);
  const exp = String(expiresAtSeconds);
  url.searchParams.set('exp', exp);
  url.searchParams.set('sid', sessionId);
  const sig = hmac(key, canonical(url.pathname, url.searchParams, exp, sessionId)).toString('base64url');
  url.searchParams.set('sig', sig);
  return `${url.pathname}${url.search}`;
}

/** The session id a signed URL names, or 401 SIGNED_URL_INVALID (bad signature, expired, wrong path). */
export function verifySignedUrl(key: Uint8Array, url: URL, nowSeconds: number): string {
  const params = url.searchParams;
  const exp = params.get('exp');
  const sid = params.get('sid');
  const sig = params.get('sig');
  if (exp === null || sid === null || sig === null || !/^\d{1,12}$/.test(exp)) throw new AppError('SIGNED_URL_INVALID');
  const expected = hmac(key, canonical(url.pathname, params, exp, sid));
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('SIGNED_URL_INVALID');
  const expires = Number(exp);
  if (expires <= nowSeconds || expires > nowSeconds + SIGNED_URL_MAX_SECONDS + 60 || !isSignablePath(url.pathname))
    throw new AppError('SIGNED_URL_INVALID');
  return sid;
}

/** The CSRF token of a cookie session: HMAC of its id, so it needs no storage and dies with the session. */
export const csrfTokenOf = (key: Uint8Array, sessionId: string) =>
  hmac(key, `csrf\n${sessionId}`).toString('base64url');

export function csrfMatches(key: Uint8Array, sessionId: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const expected = Buffer.from(csrfTokenOf(key, sessionId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
