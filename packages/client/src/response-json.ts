import { LucentError } from './lucent-error.js';

/** A 2xx body as JSON; anything else (a proxy's HTML page, say) is a LucentError, not a SyntaxError. */
export async function jsonOf(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch (cause) {
    throw new LucentError('INTERNAL', {
      status: response.status,
      message: 'The server answered with invalid JSON',
      cause,
    });
  }
}
