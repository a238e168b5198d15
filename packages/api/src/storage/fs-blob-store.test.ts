import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSafeKey } from './blob-store.js';
import { createFsBlobStore } from './fs-blob-store.js';

describe('filesystem blob store', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lucent-blob-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes, reads, reads a range and deletes', async () => {
    const store = createFsBlobStore(root);
    await store.put('a/b/c.dcm', new Uint8Array([1, 2, 3, 4, 5]));
    expect([...(await store.get('a/b/c.dcm'))]).toEqual([1, 2, 3, 4, 5]);
    expect([...(await store.getRange('a/b/c.dcm', 1, 3))]).toEqual([2, 3, 4]);
    expect(await store.exists('a/b/c.dcm')).toBe(true);
    await store.delete('a/b/c.dcm');
    expect(await store.exists('a/b/c.dcm')).toBe(false);
  });

  it('replaces a file whole and leaves no temporary files', async () => {
    const store = createFsBlobStore(root);
    await store.put('x/y.dcm', new Uint8Array(1000).fill(1));
    await store.put('x/y.dcm', new Uint8Array(10).fill(2));
    expect(await store.get('x/y.dcm')).toEqual(new Uint8Array(10).fill(2));
    expect(await readdir(join(root, 'x'))).toEqual(['y.dcm']);
  });

  it('refuses keys that could leave the root', async () => {
    const store = createFsBlobStore(root);
    for (const key of ['../evil', 'a/../../b', '/etc/passwd', 'a//b', '.hidden', 'a/./b', 'a\\b']) {
      expect(isSafeKey(key)).toBe(false);
      await expect(store.put(key, new Uint8Array(1))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('fails a range read past the end of the file', async () => {
    const store = createFsBlobStore(root);
    await store.put('short.dcm', new Uint8Array(4));
    await expect(store.getRange('short.dcm', 2, 10)).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
