import { describe, expect, it } from 'vitest';
import { coldLucentEnvironment, lucentPhaseEnvironment } from './run-http-bench.js';

describe('lucentPhaseEnvironment', () => {
  it('turns every cache off for the cold phase and leaves the warm phase as configured', () => {
    expect(lucentPhaseEnvironment({}, 'warm', '1')).toEqual({});
    expect(lucentPhaseEnvironment({}, 'cold', '1')).toEqual(coldLucentEnvironment);
    expect(coldLucentEnvironment).toMatchObject({ PRERENDER_THUMBNAILS: 'false', RENDER_CACHE_MAX_ITEM_BYTES: '1' });
  });

  it('gives each phase its own Redis key prefix, so cold never reads what warm cached', () => {
    const base = { REDIS_URL: 'redis://127.0.0.1:6379' };
    const warm = lucentPhaseEnvironment(base, 'warm', '20260131');
    const cold = lucentPhaseEnvironment(base, 'cold', '20260131');
    expect(warm.REDIS_KEY_PREFIX).toBe('lucent-bench-20260131-warm:');
    expect(cold.REDIS_KEY_PREFIX).toBe('lucent-bench-20260131-cold:');
    expect(cold.REDIS_URL).toBe(base.REDIS_URL);
  });
});
