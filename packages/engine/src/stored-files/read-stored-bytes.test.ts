import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRing } from '../crypto/key-ring.js';
import { decodeHeader, HEADER_BYTES, sealFile, unwrapDataKey } from './file-envelope.js';
import { readStoredBytes, type StoredBytesRef, withTransientReads } from './read-stored-bytes.js';

const ring: KeyRing = { activeKeyId: 'k1', keys: { k1: new Uint8Array(randomBytes(32)) } };
const CHUNK = 1024;
let directory: string;
const plaintext = new Uint8Array(randomBytes(10 * CHUNK + 123));

async function stored(name: string, encrypted: boolean): Promise<StoredBytesRef> {
  const path = join(directory, name);
  if (!encrypted) {
    await writeFile(path, plaintext);
    return { path, spans: [] };
  }
  const parts = [...sealFile(plaintext, name, ring, CHUNK)];
  await writeFile(path, Buffer.concat(parts));
  const header = decodeHeader(parts[0] as Buffer);
  const { fileId, chunkBytes, plaintextLength } = header;
  return {
    path,
    spans: [],
    envelope: { fileId, chunkBytes, plaintextLength, dataKey: unwrapDataKey(header, name, ring) },
  };
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lucent-stored-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('readStoredBytes', () => {
  const cases: Array<[string, Array<{ offset: number; length: number }>]> = [
    ['inside one chunk', [{ offset: 10, length: 100 }]],
    ['across chunk boundaries', [{ offset: CHUNK - 5, length: 3 * CHUNK + 17 }]],
    ['up to the end', [{ offset: 9 * CHUNK, length: CHUNK + 123 }]],
    [
      'fragments, joined in order',
      [
        { offset: 5, length: 20 },
        { offset: 2 * CHUNK + 7, length: CHUNK },
      ],
    ],
    ['empty span', [{ offset: 50, length: 0 }]],
  ];
  for (const encrypted of [false, true]) {
    for (const [name, spans] of cases) {
      it(`reads ${name} of a ${encrypted ? 'encrypted' : 'plaintext'} file`, async () => {
        const ref = { ...(await stored(`${encrypted}-${name.replace(/\W/g, '')}.dcm`, encrypted)), spans };
        const expected = Buffer.concat(spans.map((span) => plaintext.subarray(span.offset, span.offset + span.length)));
        expect(Buffer.from(readStoredBytes(ref)).equals(expected)).toBe(true);
        await withTransientReads(async (transient) => {
          expect(transient).toBe(true);
          expect(Buffer.from(readStoredBytes(ref, { transient })).equals(expected)).toBe(true);
        });
      });
    }
  }

  it('says STORED_FILE_CHANGED when the file was replaced by another (new file id)', async () => {
    const ref = await stored('replaced.dcm', true);
    await stored('replaced.dcm', true); // same name, new file id and data key
    expect(() => readStoredBytes({ ...ref, spans: [{ offset: 0, length: 10 }] })).toThrow(
      expect.objectContaining({ code: 'STORED_FILE_CHANGED' }),
    );
  });

  it('says STORED_FILE_CHANGED when a file located as plaintext is now encrypted', async () => {
    const plain = await stored('now-encrypted.dcm', false);
    await stored('now-encrypted.dcm', true);
    expect(() => readStoredBytes({ ...plain, spans: [{ offset: 0, length: 10 }] })).toThrow(
      expect.objectContaining({ code: 'STORED_FILE_CHANGED' }),
    );
  });

  it('fails the integrity check on a tampered chunk, and on a wrong data key', async () => {
    const ref = await stored('tampered.dcm', true);
    const bytes = Buffer.concat([...sealFile(plaintext, 'tampered.dcm', ring, CHUNK)]);
    const header = decodeHeader(bytes);
    bytes[HEADER_BYTES + 5] = (bytes[HEADER_BYTES + 5] ?? 0) ^ 1;
    await writeFile(ref.path, bytes);
    const envelope = {
      fileId: header.fileId,
      chunkBytes: header.chunkBytes,
      plaintextLength: header.plaintextLength,
      dataKey: unwrapDataKey(header, 'tampered.dcm', ring),
    };
    expect(() => readStoredBytes({ path: ref.path, envelope, spans: [{ offset: 0, length: 10 }] })).toThrow(
      expect.objectContaining({ code: 'DECRYPTION_FAILED' }),
    );
    // The second chunk is intact; the wrong key fails it anyway.
    const wrongKey = { ...envelope, dataKey: new Uint8Array(32) };
    expect(() =>
      readStoredBytes({ path: ref.path, envelope: wrongKey, spans: [{ offset: CHUNK, length: 10 }] }),
    ).toThrow(expect.objectContaining({ code: 'DECRYPTION_FAILED' }));
  });

  it('refuses a range past the end, and a missing file, with typed errors', async () => {
    const plain = await stored('short.dcm', false);
    expect(() => readStoredBytes({ ...plain, spans: [{ offset: plaintext.length - 4, length: 10 }] })).toThrow(
      expect.objectContaining({ code: 'DECRYPTION_FAILED' }),
    );
    const encrypted = await stored('short-encrypted.dcm', true);
    expect(() => readStoredBytes({ ...encrypted, spans: [{ offset: plaintext.length - 4, length: 10 }] })).toThrow(
      expect.objectContaining({ code: 'DECRYPTION_FAILED' }),
    );
    expect(() => readStoredBytes({ path: join(directory, 'absent.dcm'), spans: [{ offset: 0, length: 1 }] })).toThrow(
      expect.objectContaining({ code: 'STORED_FILE_MISSING' }),
    );
    expect(() => readStoredBytes({ ...plain, spans: [{ offset: -1, length: 1 }] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('lends scratch memory to one holder at a time', async () => {
    const ref = { ...(await stored('lease.dcm', true)), spans: [{ offset: 0, length: 64 }] };
    await withTransientReads(async (outer) => {
      const first = readStoredBytes(ref, { transient: outer });
      await withTransientReads(async (inner) => {
        expect(inner).toBe(false);
        const second = readStoredBytes(ref, { transient: inner });
        second.fill(0);
      });
      // The nested read did not overwrite the outer holder's bytes.
      expect(Buffer.from(first).equals(Buffer.from(plaintext.subarray(0, 64)))).toBe(true);
    });
  });
});
