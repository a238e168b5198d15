import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import { appendEntry, assertChain, type ChainLink, chainHash, GENESIS_HASH, verifyChain } from './hash-chain.js';

function buildChain(count: number): ChainLink[] {
  const chain: ChainLink[] = [];
  for (let i = 0; i < count; i++)
    chain.push(appendEntry(chain, { seq: i, action: 'study.viewed', by: `user-${i % 3}` }));
  return chain;
}

describe('chainHash', () => {
  it('is SHA-256 over the previous hash, a newline and the canonical JSON of the entry', () => {
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n{"a":1,"b":[true,null]}`).digest('hex');
    expect(chainHash(GENESIS_HASH, { b: [true, null], a: 1 })).toBe(expected);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('does not depend on member order', () => {
    expect(chainHash(GENESIS_HASH, { a: 1, b: 2 })).toBe(chainHash(GENESIS_HASH, { b: 2, a: 1 }));
  });

  it('refuses a previous hash that is not 64 lowercase hex characters', () => {
    for (const bad of ['', 'abc', 'A'.repeat(64), `${'0'.repeat(63)}g`]) {
      expect(errorCodeOfSync(() => chainHash(bad, {}))).toBe('VALIDATION_FAILED');
    }
  });
});

describe('verifyChain / assertChain', () => {
  it('accepts an intact chain and returns its head', () => {
    const chain = buildChain(10);
    expect(verifyChain(chain)).toEqual({ ok: true, head: chain[9]?.hash });
    expect(assertChain(chain)).toBe(chain[9]?.hash);
    expect(verifyChain([])).toEqual({ ok: true, head: GENESIS_HASH });
  });

  it('finds an edited entry at its index', () => {
    const chain = buildChain(10);
    chain[4] = { entry: { ...(chain[4]?.entry as object), by: 'someone-else' }, hash: chain[4]?.hash ?? '' };
    expect(verifyChain(chain)).toEqual({ ok: false, index: 4 });
    expect(errorCodeOfSync(() => assertChain(chain))).toBe('HASH_CHAIN_BROKEN');
  });

  it('finds a rewritten hash at the first link after it (the rewritten link itself hashes right)', () => {
    const chain = buildChain(10);
    const edited = { seq: 6, action: 'study.deleted', by: 'user-0' };
    chain[6] = { entry: edited, hash: chainHash(chain[5]?.hash ?? '', edited) };
    expect(verifyChain(chain)).toEqual({ ok: false, index: 7 });
  });

  it('finds a removed, inserted or reordered entry', () => {
    const removed = buildChain(8);
    removed.splice(3, 1);
    expect(verifyChain(removed)).toEqual({ ok: false, index: 3 });

    const reordered = buildChain(8);
    const [a, b] = [reordered[2], reordered[5]];
    if (!a || !b) throw new Error('missing links');
    reordered[2] = b;
    reordered[5] = a;
    expect(verifyChain(reordered)).toEqual({ ok: false, index: 2 });
  });

  it('reports the error index in the HASH_CHAIN_BROKEN details', () => {
    const chain = buildChain(5);
    chain[0] = { entry: 'tampered', hash: chain[0]?.hash ?? '' };
    try {
      assertChain(chain);
      expect.fail('should throw');
    } catch (error) {
      expect(error).toMatchObject({ code: 'HASH_CHAIN_BROKEN', details: { index: 0 } });
    }
  });

  it('verifies a segment from a checkpoint hash, and not from the wrong one', () => {
    const chain = buildChain(6);
    const checkpoint = chain[2]?.hash ?? '';
    expect(verifyChain(chain.slice(3), checkpoint)).toEqual({ ok: true, head: chain[5]?.hash });
    expect(verifyChain(chain.slice(3))).toEqual({ ok: false, index: 0 });
    const segment: ChainLink[] = [];
    segment.push(appendEntry(segment, 'x', checkpoint));
    expect(segment[0]?.hash).toBe(chainHash(checkpoint, 'x'));
  });

  it('treats malformed links as breaks instead of crashing', () => {
    const chain = buildChain(3) as unknown[];
    chain[1] = null;
    expect(verifyChain(chain as ChainLink[])).toEqual({ ok: false, index: 1 });
    const withBadEntry = buildChain(3) as ChainLink[];
    withBadEntry[2] = { entry: { n: Number.NaN }, hash: withBadEntry[2]?.hash ?? '' };
    expect(verifyChain(withBadEntry)).toEqual({ ok: false, index: 2 });
    expect(errorCodeOfSync(() => verifyChain('nope' as unknown as ChainLink[]))).toBe('VALIDATION_FAILED');
  });
});
