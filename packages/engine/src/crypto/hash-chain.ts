import { createHash } from 'node:crypto';
import { Errors } from '../errors/engine-error.js';
import { canonicalJsonBytes } from './canonical-json.js';
import { invalidInput } from './invalid-input.js';

/**
 * Append-only hash chain (e.g. for an audit log). Each link's hash commits to the previous hash and
 * to its entry, so editing, removing, inserting or reordering any entry changes every later hash:
 *
 *   hash_i = lowercase hex SHA-256( ASCII(hash_{i-1}) ‖ 0x0A ‖ UTF-8(canonicalJson(entry_i)) )
 *
 * where hash_{i-1} is the 64 lowercase hex characters of the previous link (GENESIS_HASH, 64 × '0',
 * before the first entry, or a checkpoint hash to verify a segment). The previous hash has a fixed
 * length, so the `\n` separator only keeps the preimage readable; canonical JSON (RFC 8785) makes
 * the hash independent of member order and number spelling. Anyone holding the chain can recompute
 * it: anchor the head hash somewhere the writer cannot rewrite to make tampering evident.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  entry: unknown;
  hash: string;
}

export type ChainVerification = { ok: true; head: string } | { ok: false; index: number };

const HASH = /^[0-9a-f]{64}$/;
const SEPARATOR = new Uint8Array([0x0a]);

function checkHash(hash: unknown, name: string): string {
  if (typeof hash !== 'string' || !HASH.test(hash)) throw invalidInput(`${name} must be 64 lowercase hex characters`);
  return hash;
}

/** The hash of the link holding `entry` after a link whose hash is `previousHash`. */
export function chainHash(previousHash: string, entry: unknown): string {
  checkHash(previousHash, 'the previous hash');
  return createHash('sha256')
    .update(previousHash, 'ascii')
    .update(SEPARATOR)
    .update(canonicalJsonBytes(entry))
    .digest('hex');
}

/**
 * The link that appends `entry` to `chain` (which starts from `startHash`). Returns only the new
 * link, so appending costs O(1): `chain.push(appendEntry(chain, entry))`. It trusts `chain`'s last
 * hash; use `verifyChain` to check a chain read back from storage.
 */
export function appendEntry(chain: readonly ChainLink[], entry: unknown, startHash: string = GENESIS_HASH): ChainLink {
  const last = chain.length > 0 ? chain[chain.length - 1] : undefined;
  const previous = last === undefined ? checkHash(startHash, 'the start hash') : checkHash(last.hash, 'the last hash');
  return { entry, hash: chainHash(previous, entry) };
}

function linkHash(previousHash: string, link: unknown): string | undefined {
  if (typeof link !== 'object' || link === null || !('entry' in link) || !('hash' in link)) return undefined;
  try {
    return chainHash(previousHash, link.entry) === link.hash ? link.hash : undefined;
  } catch {
    // An entry that is not JSON data cannot have been hashed by this chain.
    return undefined;
  }
}

/** Recomputes every link; reports the index of the first link whose hash does not match. */
export function verifyChain(entries: readonly ChainLink[], startHash: string = GENESIS_HASH): ChainVerification {
  let previous = checkHash(startHash, 'the start hash');
  if (!Array.isArray(entries)) throw invalidInput('the chain must be an array of links');
  for (let index = 0; index < entries.length; index++) {
    const hash = linkHash(previous, entries[index]);
    if (hash === undefined) return { ok: false, index };
    previous = hash;
  }
  return { ok: true, head: previous };
}

/** `verifyChain` that throws HASH_CHAIN_BROKEN (with the index) and returns the head hash. */
export function assertChain(entries: readonly ChainLink[], startHash: string = GENESIS_HASH): string {
  const result = verifyChain(entries, startHash);
  if (!result.ok) throw Errors.hashChainBroken(result.index);
  return result.head;
}
