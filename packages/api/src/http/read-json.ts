import { AppError } from '@lucent/shared';
import type { Context } from 'hono';
import { readBody } from './read-body.js';

/** A small JSON request body (at most `limit` bytes): 400 VALIDATION_FAILED when it is not JSON. */
export async function readJson(c: Context, limit = 64 * 1024): Promise<unknown> {
  const bytes = await readBody(c.req.raw, limit);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError('VALIDATION_FAILED', { message: 'The body is not JSON' });
  }
}
