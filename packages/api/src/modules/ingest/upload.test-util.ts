import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TestApp } from '../../testing/test-app.test-util.js';

export interface FormPart {
  field: string;
  filename?: string;
  type?: string;
  body: Uint8Array | string;
}

const encoder = new TextEncoder();

/** A multipart/form-data body, built by hand so tests control every byte. */
export function multipartBody(
  parts: FormPart[],
  boundary = 'lucent-upload-test',
): { body: Uint8Array; contentType: string } {
  const pieces: Uint8Array[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`;
    pieces.push(
      encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"${filename}\r\n${type}\r\n`),
    );
    pieces.push(typeof part.body === 'string' ? encoder.encode(part.body) : part.body);
    pieces.push(encoder.encode('\r\n'));
  }
  pieces.push(encoder.encode(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(pieces)), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function postForm(app: TestApp, parts: FormPart[], query = ''): Promise<Response> {
  const { body, contentType } = multipartBody(parts);
  return app.app.request(`/api/v1/instances${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
}

export async function postFile(
  app: TestApp,
  bytes: Uint8Array,
  query = '',
  type = 'application/dicom',
): Promise<Response> {
  return app.app.request(`/api/v1/instances${query}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: bytes,
  });
}

async function walk(directory: string, prefix = ''): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await walk(join(directory, entry.name), relative)));
    else found.push(relative);
  }
  return found.sort();
}

/** Every row count that an ingest touches, and every file under DATA_DIR/files (and the temp dirs). */
export async function storedState(app: TestApp) {
  const knex = (app.services.db.orm.em.fork() as EntityManager).getKnex();
  const rows = { patient: 0, study: 0, series: 0, instance: 0 };
  for (const table of ['patient', 'study', 'series', 'instance'] as const) {
    const [row] = await knex(table).count<{ count: string }[]>('* as count');
    rows[table] = Number(row?.count ?? 0);
  }
  return {
    rows,
    files: await walk(join(app.env.DATA_DIR, 'files')),
    temporary: [...(await walk(join(app.env.DATA_DIR, 'tmp'))), ...(await walk(join(app.env.DATA_DIR, 'uploads')))],
  };
}

/** Flip one byte near the end (different bytes, same UIDs). */
export function alteredCopy(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  const at = copy.length - 1;
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}

/** Replace every occurrence of an ASCII string (same length) in a DICOM file. */
export function replaceText(bytes: Uint8Array, from: string, to: string): Uint8Array {
  if (from.length !== to.length) throw new Error('replaceText keeps lengths');
  const source = Buffer.from(bytes);
  const needle = Buffer.from(from, 'latin1');
  const copy = Buffer.from(source);
  let count = 0;
  for (let at = source.indexOf(needle); at !== -1; at = source.indexOf(needle, at + 1)) {
    copy.write(to, at, 'latin1');
    count += 1;
  }
  if (count === 0) throw new Error(`${from} not found`);
  return new Uint8Array(copy);
}
