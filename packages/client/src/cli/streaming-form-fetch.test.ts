import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLucentClient } from '../create-lucent-client.js';
import { createStreamingFormFetch, encodeForm } from './streaming-form-fetch.js';

describe('streaming form fetch (the CLI sends upload batches with node:http)', () => {
  let scratch: string;
  let path: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'lucent-form-fetch-'));
    path = join(scratch, 'slice.dcm');
    await writeFile(
      path,
      new Uint8Array(200_000).map((_, index) => index % 251),
    );
  });
  afterAll(async () => {
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  });

  it('encodes a form that a multipart parser reads back part for part, with the length it declares', async () => {
    const form = new FormData();
    const file = await openAsBlob(path);
    form.append('file', file.slice(0, file.size, 'application/dicom'), 'file-1');
    form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'we"ird\r\nname');
    form.append('patientId', 'P-1');
    const { pieces, length } = encodeForm(form, 'lucent-test-boundary');
    const body = new Blob(pieces);
    expect(body.size).toBe(length);
    expect(await body.text()).toContain('filename="we%22ird%0D%0Aname"');
    const parsed = await new Response(body, {
      headers: { 'content-type': 'multipart/form-data; boundary=lucent-test-boundary' },
    }).formData();
    const [first, second] = parsed.getAll('file') as File[];
    expect(first?.name).toBe('file-1');
    expect(first?.type).toBe('application/dicom');
    expect(new Uint8Array(await (first as File).arrayBuffer())).toEqual(new Uint8Array(await file.arrayBuffer()));
    expect(second?.name).toBe('we"ird\r\nname'); // escaped on the wire, read back
    expect(second?.type).toBe('application/octet-stream');
    expect([...new Uint8Array(await (second as File).arrayBuffer())]).toEqual([1, 2, 3]);
    expect(parsed.get('patientId')).toBe('P-1');
  });

  it('sends the request with its headers and Content-Length and hands back status, headers and body', async () => {
    const seen: { headers: Record<string, string | string[] | undefined>; bytes: number }[] = [];
    const server = createServer((request, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => {
        bytes += chunk.byteLength;
      });
      request.on('end', () => {
        seen.push({ headers: request.headers, bytes });
        response.writeHead(207, { 'content-type': 'application/json', 'x-request-id': 'r-1' });
        response.end(JSON.stringify({ bytes }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const form = new FormData();
      form.append('file', await openAsBlob(path), 'file-1');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/instances`;
      const response = await createStreamingFormFetch()(url, {
        method: 'POST',
        headers: { authorization: 'Bearer t', accept: 'application/json' },
        body: form,
      });
      expect(response.status).toBe(207);
      expect(response.headers.get('x-request-id')).toBe('r-1');
      const { bytes } = (await response.json()) as { bytes: number };
      expect(seen[0]?.headers).toMatchObject({ authorization: 'Bearer t', 'content-length': String(bytes) });
      expect(seen[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(bytes).toBeGreaterThan(200_000);
    } finally {
      server.close();
    }
  });

  it('fails an unreachable server the way fetch does: each file SERVICE_UNAVAILABLE, status 0, with the reason', async () => {
    const client = createLucentClient({ url: 'http://127.0.0.1:9', token: 't', fetch: createStreamingFormFetch() });
    const summary = await client.uploadFiles([{ name: path, data: await openAsBlob(path) }]);
    expect(summary.files[0]).toMatchObject({ outcome: 'failed', error: { code: 'SERVICE_UNAVAILABLE', status: 0 } });
    expect(summary.files[0]?.error?.message).toMatch(
      /Could not reach the Lucent server at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/,
    );
  });
});
