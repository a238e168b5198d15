import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MultipartFormOptions, readMultipartForm } from './multipart-form.js';

const BOUNDARY = 'lucent-test-boundary';
const encoder = new TextEncoder();

interface TestPart {
  field: string;
  filename?: string;
  type?: string;
  body: Uint8Array | string;
}

function multipartBody(parts: TestPart[], close = true): Uint8Array {
  const pieces: Uint8Array[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.field}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const type = part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`;
    pieces.push(encoder.encode(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    pieces.push(typeof part.body === 'string' ? encoder.encode(part.body) : part.body);
    pieces.push(encoder.encode('\r\n'));
  }
  if (close) pieces.push(encoder.encode(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(pieces);
}

/** A stream that delivers `bytes` in small chunks, as a socket would. */
function streamOf(bytes: Uint8Array, chunk = 4096): Readable {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += chunk) chunks.push(bytes.subarray(offset, offset + chunk));
  return Readable.from(chunks);
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && Buffer.from(a).equals(b);
function filled(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

describe('multipart form parsing', () => {
  let spoolDir: string;
  let options: MultipartFormOptions;
  beforeEach(async () => {
    spoolDir = await mkdtemp(join(tmpdir(), 'lucent-form-'));
    options = {
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      maxFileBytes: 1024 * 1024,
      maxRequestBytes: 8 * 1024 * 1024,
      spoolDir,
      fieldNames: new Set(['studyInstanceUid']),
    };
  });
  afterEach(async () => {
    await rm(spoolDir, { recursive: true, force: true });
  });

  it('returns every file whatever its field name, in order, and the known fields as values', async () => {
    const a = filled(10_000, 1);
    const b = filled(20_000, 2);
    const body = multipartBody([
      { field: 'file', filename: 'a.dcm', type: 'application/dicom', body: a },
      { field: 'studyInstanceUid', body: '1.2.3' },
      { field: 'anything', body: b },
    ]);
    const form = await readMultipartForm(streamOf(body), { ...options, declaredLength: body.byteLength });
    expect(form.fields.get('studyInstanceUid')).toBe('1.2.3');
    expect(form.files.map((file) => [file.field, file.filename, file.size])).toEqual([
      ['file', 'a.dcm', 10_000],
      ['anything', undefined, 20_000],
    ]);
    expect(sameBytes(await form.files[0]?.read(), a)).toBe(true);
    expect(sameBytes(await form.files[1]?.read(), b)).toBe(true);
    await form.dispose();
  });

  it('spills files past the memory budget to disk and removes them on release', async () => {
    const big = filled(300_000, 3);
    const body = multipartBody([
      { field: 'f', filename: 'small', body: filled(1000, 4) },
      { field: 'f', filename: 'big', body: big },
    ]);
    const form = await readMultipartForm(streamOf(body), { ...options, memoryBytes: 50_000 });
    expect(await readdir(spoolDir)).toHaveLength(1);
    expect(sameBytes(await form.files[1]?.read(), big)).toBe(true);
    await form.files[1]?.release();
    expect(await readdir(spoolDir)).toHaveLength(0);
    await form.dispose();
  });

  it('marks a file over the per-file limit as oversize and keeps the others', async () => {
    const body = multipartBody([
      { field: 'f', filename: 'huge', body: filled(options.maxFileBytes + 1, 5) },
      { field: 'f', filename: 'ok', body: filled(100, 6) },
    ]);
    const form = await readMultipartForm(streamOf(body), { ...options, memoryBytes: 10_000 });
    expect(form.files.map((file) => file.oversize)).toEqual([true, false]);
    expect(await readdir(spoolDir)).toHaveLength(0);
    await form.dispose();
  });

  it('refuses a body over the request limit with PAYLOAD_TOO_LARGE and leaves no temporary file', async () => {
    const body = multipartBody([
      { field: 'f', filename: 'a', body: filled(600_000, 7) },
      { field: 'f', filename: 'b', body: filled(600_000, 8) },
    ]);
    await expect(
      readMultipartForm(streamOf(body), { ...options, maxRequestBytes: 1_000_000, memoryBytes: 1000 }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await readdir(spoolDir)).toHaveLength(0);
  });

  it('reports a body that stops before its last boundary as UPLOAD_INCOMPLETE', async () => {
    const body = multipartBody([{ field: 'f', filename: 'a', body: filled(200_000, 9) }], false);
    const cut = body.subarray(0, 150_000);
    await expect(readMultipartForm(streamOf(cut), { ...options, memoryBytes: 1000 })).rejects.toMatchObject({
      code: 'UPLOAD_INCOMPLETE',
    });
    expect(await readdir(spoolDir)).toHaveLength(0);
  });

  it('reports a body shorter than its Content-Length as UPLOAD_INCOMPLETE', async () => {
    const body = multipartBody([{ field: 'f', filename: 'a', body: filled(1000, 10) }]);
    await expect(
      readMultipartForm(streamOf(body), { ...options, declaredLength: body.byteLength + 10 }),
    ).rejects.toMatchObject({ code: 'UPLOAD_INCOMPLETE' });
  });

  it('reports a stream that fails mid-upload as UPLOAD_INCOMPLETE', async () => {
    const body = multipartBody([{ field: 'f', filename: 'a', body: filled(100_000, 11) }]);
    const source = new Readable({ read() {} });
    source.push(body.subarray(0, 50_000));
    setTimeout(() => source.destroy(new Error('socket hang up')), 10);
    await expect(readMultipartForm(source, { ...options, memoryBytes: 1000 })).rejects.toMatchObject({
      code: 'UPLOAD_INCOMPLETE',
    });
    expect(await readdir(spoolDir)).toHaveLength(0);
  });

  it('refuses a multipart content type without a boundary', async () => {
    await expect(
      readMultipartForm(streamOf(new Uint8Array(10)), { ...options, contentType: 'multipart/form-data' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
