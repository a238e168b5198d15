/**
 * Deterministic pseudo-random data for tests: the same seed always gives the same values, so a
 * failure on corrupt or mutated input can be replayed.
 */

/** mulberry32: a small, fast, seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pseudo-random bytes: the high byte of a 32-bit linear congruential generator. */
export function noise(length: number, seed = 12345): Uint8Array {
  let state = seed;
  return new Uint8Array(length).map(() => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state >>> 24;
  });
}

/** Pseudo-random bytes: the low byte of xorshift32 (a zero seed counts as 1). */
export function xorshiftNoise(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state & 0xff;
  }
  return out;
}
