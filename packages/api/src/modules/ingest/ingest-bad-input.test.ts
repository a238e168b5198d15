import { type AddressInfo, connect, type Server } from 'node:net';
import { serve } from '@hono/node-server';
import { createEngine, type Engine } from '@lucent/engine';
import { IngestSummary } from '@lucent/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../testing/corpus.test-util.js';
import { errorCodeOf, jsonOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { multipartBody, postFile, postForm, replaceText, storedState } from './upload.test-util.js';

const CT_STUDY = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
const CT_SOP = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';
const MAX_FILE_BYTES = 100_000;
const MAX_REQUEST_BYTES = 700_000;

let engine: Engine;
beforeAll(() => {
  engine = createEngine({ threads: 2 });
});
afterAll(async () => {
  await engine.close();
});

/** Access-log lines, so a test can wait until the server has finished with a request it abandoned. */
function capturingLogs() {
  const lines: { msg?: string; route?: string; status?: number }[] = [];
  return { capture: (line: string) => void lines.push(JSON.parse(line)), lines };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The test administrator's Authorization header line for raw socket requests (set once the app is up). */
let authorizationLine = '';

/**
 * Over a real socket: send the request head with `declaredLength`, then `sent` bytes of body, then
 * destroy the connection (a client that gives up mid-upload).
 */
async function sendRaw(
  port: number,
  path: string,
  contentType: string,
  declaredLength: number,
  sent: Uint8Array,
  abandon: boolean,
): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${authorizationLine}Content-Type: ${contentType}\r\nContent-Length: ${declaredLength}\r\n\r\n`,
  );
  // In pieces, with pauses, so the server is mid-body when the client goes.
  for (let offset = 0; offset < sent.byteLength; offset += 16_384) {
    socket.write(sent.subarray(offset, offset + 16_384));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (!abandon) {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    await until(() => Buffer.concat(chunks).includes('\r\n\r\n'), 'the response');
    socket.destroy();
    return Buffer.concat(chunks).toString('latin1').split('\r\n')[0] ?? '';
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
  return 'abandoned';
}

const abandonUpload = (port: number, path: string, contentType: string, declaredLength: number, sent: Uint8Array) =>
  sendRaw(port, path, contentType, declaredLength, sent, true);

describe.each(['real', 'embedded'] as const)('bad uploads leave nothing behind (%s backend)', (backend) => {
  let app: TestApp;
  let server: Server;
  let port: number;
  let lines: ReturnType<typeof capturingLogs>['lines'];
  let ct: Uint8Array;
  let ct1: Uint8Array; // 530 kB: over the per-file limit
  beforeAll(async () => {
    const captured = capturingLogs();
    lines = captured.lines;
    app = await createTestApp({
      backend,
      engine,
      captureLogs: captured.capture,
      env: { MAX_FILE_BYTES: String(MAX_FILE_BYTES), MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES) },
    });
    authorizationLine = `Authorization: Bearer ${app.adminToken}\r\n`;
    server = serve({ fetch: app.app.fetch, hostname: '127.0.0.1', port: 0 }) as unknown as Server;
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
    port = (server.address() as AddressInfo).port;
    ct = await corpusFile('CT_small.dcm');
    ct1 = await corpusFile('CT1_UNC.explicit_little_endian.dcm');
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await app?.dispose();
  });

  const jobCount = async () => {
    const knex = (app.services.db.orm.em.fork() as EntityManager).getKnex();
    const [row] = await knex('ingest_job').count<{ count: string }[]>('* as count');
    return Number(row?.count ?? 0);
  };

  /** Run `act`, then require that no row, stored file, temporary file or job appeared. */
  async function expectNothingStored(act: () => Promise<void>): Promise<void> {
    const before = { ...(await storedState(app)), jobs: await jobCount() };
    await act();
    await app.services.jobs.idle();
    expect({ ...(await storedState(app)), jobs: await jobCount() }).toEqual(before);
  }

  it('keeps nothing of a DICOM body whose client disconnects before its Content-Length', async () => {
    await expectNothingStored(async () => {
      const logged = lines.length;
      await abandonUpload(port, '/api/v1/instances', 'application/dicom', ct.byteLength, ct.subarray(0, 20_000));
      await until(() => lines.slice(logged).some((line) => line.msg === 'request'), 'the abandoned request');
    });
  });

  it('keeps nothing of a form cut off in its second file, not even the complete first file', async () => {
    const { body, contentType } = multipartBody([
      { field: 'a', filename: 'mr.dcm', body: await corpusFile('MR_small.dcm') },
      { field: 'b', filename: 'ct.dcm', body: ct },
    ]);
    await expectNothingStored(async () => {
      const logged = lines.length;
      await abandonUpload(
        port,
        '/api/v1/instances',
        contentType,
        body.byteLength,
        body.subarray(0, body.byteLength - 10_000),
      );
      await until(() => lines.slice(logged).some((line) => line.msg === 'request'), 'the abandoned request');
    });
  });

  it('keeps no job and no spooled body of an ?async=true upload cut off mid-stream', async () => {
    await expectNothingStored(async () => {
      const logged = lines.length;
      await abandonUpload(
        port,
        '/api/v1/instances?async=true',
        'application/dicom',
        ct.byteLength,
        ct.subarray(0, 30_000),
      );
      await until(() => lines.slice(logged).some((line) => line.msg === 'request'), 'the abandoned request');
    });
  });

  it('still stores a complete upload sent the same way (the socket helper is sound)', async () => {
    const { body, contentType } = multipartBody([{ field: 'b', filename: 'ct.dcm', body: ct }]);
    const status = await sendRaw(port, '/api/v1/instances', contentType, body.byteLength, body, false);
    expect(status).toBe('HTTP/1.1 200 OK');
    expect((await storedState(app)).files.filter((file) => file.includes(CT_SOP))).toHaveLength(1);
    const knex = (app.services.db.orm.em.fork() as EntityManager).getKnex();
    await knex('instance').where('sop_instance_uid', CT_SOP).delete();
  });

  it('refuses DICOM whose declared element lengths run past the body with a 4xx code', async () => {
    await expectNothingStored(async () => {
      for (const cut of [ct.subarray(0, 20_000), ct.subarray(0, 1_000), ct.subarray(0, 300)]) {
        const response = await postFile(app, cut);
        expect(response.status).toBe(400);
        expect(['TRUNCATED_DICOM', 'INVALID_DICOM']).toContain(await errorCodeOf(response));
      }
      const form = await postForm(app, [{ field: 'f', filename: 'cut.dcm', body: ct.subarray(0, 20_000) }]);
      expect(form.status).toBe(400);
    });
  });

  it('refuses datasets with malformed or path-like UIDs with INVALID_UID', async () => {
    const badSop = replaceText(ct, CT_SOP, `${CT_SOP.slice(0, -5)}12a45`);
    const climbing = `../../../../../../../${'x'.repeat(CT_STUDY.length - 21)}`;
    const badStudy = replaceText(ct, CT_STUDY, climbing);
    await expectNothingStored(async () => {
      for (const bytes of [badSop, badStudy]) {
        const response = await postFile(app, bytes);
        expect(response.status).toBe(400);
        expect(await errorCodeOf(response)).toBe('INVALID_UID');
      }
    });
  });

  it('refuses files whose names try to leave their folder, and stores nothing from them', async () => {
    await expectNothingStored(async () => {
      for (const filename of ['../../../etc/passwd', '..\\..\\evil.dcm', '/etc/passwd', 'a/../../b.dcm', 'C:\\x.dcm']) {
        const response = await postForm(app, [{ field: 'f', filename, body: ct }]);
        expect(response.status).toBe(400);
        expect(await errorCodeOf(response)).toBe('VALIDATION_FAILED');
      }
    });
  });

  it('refuses a file over MAX_FILE_BYTES with 413, as a body, in a form and as a stream without length', async () => {
    await expectNothingStored(async () => {
      const body = await postFile(app, ct1);
      expect(body.status).toBe(413);
      expect(await errorCodeOf(body)).toBe('PAYLOAD_TOO_LARGE');
      const form = await postForm(app, [{ field: 'f', filename: 'big.dcm', body: ct1 }]);
      expect(form.status).toBe(413);
      expect(await errorCodeOf(form)).toBe('PAYLOAD_TOO_LARGE');
      const streamed = await app.app.request('/api/v1/instances', {
        method: 'POST',
        headers: { 'content-type': 'application/dicom' },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(ct1.subarray(0, 60_000));
            controller.enqueue(ct1.subarray(60_000));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      const background = await postFile(app, ct1, '?async=true');
      expect(background.status).toBe(413);
    });
  });

  it('stores the other files of a form when one is over MAX_FILE_BYTES, and reports that one as 413', async () => {
    const response = await postForm(app, [
      { field: 'f', filename: 'big.dcm', body: ct1 },
      { field: 'f', filename: 'ct.dcm', body: ct },
    ]);
    expect(response.status).toBe(200);
    const summary = await jsonOf(response, IngestSummary);
    expect(summary.files.map((file) => file.error?.code ?? file.outcome)).toEqual(['PAYLOAD_TOO_LARGE', 'stored']);
    expect((await storedState(app)).files.filter((file) => file.includes(CT_SOP))).toHaveLength(1);
  });

  it('refuses a form over MAX_REQUEST_BYTES with 413 and stores none of it', async () => {
    const parts = Array.from({ length: 20 }, (_, i) => ({ field: 'f', filename: `${i}.dcm`, body: ct }));
    await expectNothingStored(async () => {
      const { body, contentType } = multipartBody(parts);
      expect(body.byteLength).toBeGreaterThan(MAX_REQUEST_BYTES);
      const streamed = await app.app.request('/api/v1/instances', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: new ReadableStream({
          start(controller) {
            for (let offset = 0; offset < body.byteLength; offset += 65_536) {
              controller.enqueue(body.subarray(offset, offset + 65_536));
            }
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      expect(await errorCodeOf(streamed)).toBe('PAYLOAD_TOO_LARGE');
    });
  });
});
