import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyRing } from '@lucent/engine';
import { HEADER_BYTES } from '@lucent/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsBlobStore } from './fs-blob-store.js';

const CHUNK = 1024;
const TAG = 16;

describe('filesystem blob store with envelope encryption', () => {
  let root: string;
  let ring: KeyRing;
  const store = () => createFsBlobStore(root, { ring: () => ring, encryptWrites: true, chunkBytes: CHUNK });
  const content = (length: number) => new Uint8Array(Array.from({ length }, (_, i) => (i * 7 + (i >> 8)) & 0xff));

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lucent-enc-blob-'));
    ring = { activeKeyId: 'k1', keys: { k1: new Uint8Array(randomBytes(32)) } };
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores ciphertext only and reads the plaintext back, empty files included', async () => {
    const marker = new TextEncoder().encode('DOE^JANE patient name in the clear '.repeat(100));
    await store().put('a/b.dcm', marker);
    const raw = await readFile(join(root, 'a/b.dcm'));
    expect(raw.includes(Buffer.from('DOE^JANE'))).toBe(false);
    expect(raw.byteLength).toBe(HEADER_BYTES + marker.byteLength + Math.ceil(marker.byteLength / CHUNK) * TAG);
    expect(await store().get('a/b.dcm')).toEqual(marker);
    await store().put('a/empty.dcm', new Uint8Array(0));
    expect(await store().get('a/empty.dcm')).toEqual(new Uint8Array(0));
    expect(await store().keyIdOf('a/b.dcm')).toBe('k1');
  });

  it('reads ranges at and across chunk boundaries, decrypting only the chunks that cover them', async () => {
    const bytes = content(5 * CHUNK + 100);
    await store().put('r.dcm', bytes);
    const cases: Array<[number, number]> = [
      [0, 1],
      [CHUNK - 1, 1],
      [CHUNK - 1, 2],
      [CHUNK, CHUNK],
      [CHUNK - 10, CHUNK + 20],
      [2 * CHUNK, 3 * CHUNK + 100],
      [5 * CHUNK + 99, 1],
      [0, 5 * CHUNK + 100],
      [3 * CHUNK, 0],
    ];
    for (const [offset, length] of cases) {
      expect(await store().getRange('r.dcm', offset, length), `${offset}+${length}`).toEqual(
        bytes.subarray(offset, offset + length),
      );
    }
    await expect(store().getRange('r.dcm', 5 * CHUNK + 50, 51)).rejects.toMatchObject({ code: 'INTERNAL' });
    // A range in chunk 3 reads even when chunk 0 is damaged: only the covering chunks are decrypted.
    const path = join(root, 'r.dcm');
    const raw = await readFile(path);
    raw[HEADER_BYTES + 5] = (raw[HEADER_BYTES + 5] ?? 0) ^ 1;
    await writeFile(path, raw);
    expect(await store().getRange('r.dcm', 3 * CHUNK + 5, 10)).toEqual(bytes.subarray(3 * CHUNK + 5, 3 * CHUNK + 15));
    await expect(store().getRange('r.dcm', 10, 10)).rejects.toMatchObject({ code: 'DECRYPTION_FAILED' });
  });

  it('refuses a tampered chunk, header, swapped chunks, a truncated file and a file moved to another key', async () => {
    const bytes = content(3 * CHUNK);
    await store().put('t/a.dcm', bytes);
    const path = join(root, 't/a.dcm');
    const original = await readFile(path);
    const attempt = async (edit: (raw: Buffer) => Buffer) => {
      await writeFile(path, edit(Buffer.from(original)));
      return store()
        .get('t/a.dcm')
        .then(
          () => 'read',
          (error: { code?: string; message?: string }) => error.code,
        );
    };
    const flip = (at: number) => (raw: Buffer) => {
      raw[at] = (raw[at] ?? 0) ^ 0x40;
      return raw;
    };
    expect(await attempt(flip(HEADER_BYTES + CHUNK + TAG + 3))).toBe('DECRYPTION_FAILED');
    expect(await attempt(flip(90))).toBe('DECRYPTION_FAILED'); // wrapped data key
    expect(await attempt(flip(65))).toBe('DECRYPTION_FAILED'); // plaintext length
    const swap = (raw: Buffer) => {
      const one = HEADER_BYTES;
      const two = HEADER_BYTES + CHUNK + TAG;
      const first = Buffer.from(raw.subarray(one, two));
      raw.copy(raw, one, two, two + CHUNK + TAG);
      first.copy(raw, two);
      return raw;
    };
    expect(await attempt(swap)).toBe('DECRYPTION_FAILED');
    expect(await attempt((raw) => raw.subarray(0, raw.byteLength - CHUNK - TAG))).toBe('DECRYPTION_FAILED');
    await writeFile(path, original);
    expect(await store().get('t/a.dcm')).toEqual(bytes);
    await truncate(path, original.byteLength - 5);
    await expect(store().getRange('t/a.dcm', 2 * CHUNK, 10)).rejects.toMatchObject({ code: 'DECRYPTION_FAILED' });
    await writeFile(path, original);
    await mkdir(join(root, 'u'), { recursive: true });
    await copyFile(path, join(root, 'u/b.dcm'));
    await expect(store().get('u/b.dcm')).rejects.toMatchObject({ code: 'DECRYPTION_FAILED' });
  });

  it('keeps reading plaintext files written before encryption (or with ENCRYPT_FILES=false)', async () => {
    const plain = createFsBlobStore(root, { ring: () => ring, encryptWrites: false });
    const bytes = content(3000);
    await plain.put('p.dcm', bytes);
    expect(await readFile(join(root, 'p.dcm'))).toEqual(Buffer.from(bytes));
    expect(await store().get('p.dcm')).toEqual(bytes);
    expect(await store().getRange('p.dcm', 1000, 1500)).toEqual(bytes.subarray(1000, 2500));
    expect(await store().keyIdOf('p.dcm')).toBeNull();
    await store().put('p2.dcm', bytes);
    expect(await plain.get('p2.dcm')).toEqual(bytes);
  });

  it('re-wraps data keys under a new active key without re-encrypting bodies; the old key can then go', async () => {
    const bytes = content(4 * CHUNK + 3);
    await store().put('k/a.dcm', bytes);
    await store().put('k/b/c.dcm', bytes.subarray(0, 100));
    const before = await readFile(join(root, 'k/a.dcm'));
    ring = { activeKeyId: 'k2', keys: { ...ring.keys, k2: new Uint8Array(randomBytes(32)) } };
    const keys: string[] = [];
    for await (const key of store().keys()) keys.push(key);
    expect(keys.sort()).toEqual(['k/a.dcm', 'k/b/c.dcm']);
    for (const key of keys) expect(await store().rewrap(key)).toBe(true);
    expect(await store().rewrap('k/a.dcm')).toBe(false);
    const after = await readFile(join(root, 'k/a.dcm'));
    expect(after.subarray(HEADER_BYTES).equals(before.subarray(HEADER_BYTES))).toBe(true);
    expect(after.subarray(0, HEADER_BYTES).equals(before.subarray(0, HEADER_BYTES))).toBe(false);
    ring = { activeKeyId: 'k2', keys: { k2: ring.keys.k2 as Uint8Array } };
    expect(await store().get('k/a.dcm')).toEqual(bytes);
    expect(await store().keyIdOf('k/b/c.dcm')).toBe('k2');
  });
});
