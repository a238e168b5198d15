import { describe, expect, it } from 'vitest';
import { errorFromResponse, retryAfterSecondsOf } from './lucent-error.js';

describe('Retry-After', () => {
  it('reads a delay in seconds or an HTTP date, and nothing else', () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 0);
    expect(retryAfterSecondsOf('120', now)).toBe(120);
    expect(retryAfterSecondsOf('Wed, 01 Jan 2025 12:01:30 GMT', now)).toBe(90);
    expect(retryAfterSecondsOf('Wed, 01 Jan 2025 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterSecondsOf(null, now)).toBeUndefined();
    expect(retryAfterSecondsOf('soon', now)).toBeUndefined();
  });

  it('is carried by the LucentError of a 429 answer', async () => {
    const response = Response.json(
      { error: { code: 'RATE_LIMITED', numericCode: 1007, message: 'Too many requests; retry later' } },
      { status: 429, headers: { 'retry-after': '42' } },
    );
    expect(await errorFromResponse(response)).toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      retryAfterSeconds: 42,
    });
  });
});
