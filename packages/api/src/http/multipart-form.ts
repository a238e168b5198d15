import { rm } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { AppError, isAppError } from '@lucent/shared';
import { collectPart, type FormFile, MemoryBudget, type PartSink } from './multipart-form-part.js';

export type { FormFile } from './multipart-form-part.js';

export interface MultipartFormOptions {
  /** The request's Content-Type, with its boundary. */
  contentType: string;
  /** The declared Content-Length: a body that ends short of it is UPLOAD_INCOMPLETE. */
  declaredLength?: number | undefined;
  maxFileBytes: number;
  maxRequestBytes: number;
  /** Where parts that do not fit the memory budget are spilled (removed by dispose). */
  spoolDir: string;
  /** Bytes of parts kept in memory for the whole form; default 64 MiB. */
  memoryBytes?: number;
  /** Names of the text fields read as values; every other part is a file, whatever its name. */
  fieldNames: ReadonlySet<string>;
}

export interface MultipartForm {
  /** In the order they were sent. */
  files: FormFile[];
  fields: Map<string, string>;
  /** Remove what is still held (temporary files). Safe to call twice. */
  dispose(): Promise<void>;
}

const FIELD_BYTES = 64 * 1024;
const MAX_FIELDS = 100;

/** Counts the body and refuses it (413) as soon as it passes the request limit. */
function requestLimit(limit: number, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counted.bytes += chunk.byteLength;
      if (counted.bytes > limit) callback(new AppError('PAYLOAD_TOO_LARGE', { details: { limit } }));
      else callback(null, chunk);
    },
  });
}

function createParser(options: MultipartFormOptions): BusboyInstance {
  try {
    return Busboy({
      headers: { 'content-type': options.contentType },
      preservePath: true,
      limits: { fileSize: options.maxFileBytes, fieldSize: FIELD_BYTES, fields: MAX_FIELDS, headerPairs: 100 },
      // A known field name without a file name is a form value; anything else is an uploaded file.
      isPartAFile: (field, type, filename) =>
        filename !== undefined || field === undefined || !options.fieldNames.has(field) || type !== 'text/plain',
    });
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', { message: 'The multipart body has no boundary', cause: error });
  }
}

/** A parser or stream failure as the product's error: a body that stopped early is UPLOAD_INCOMPLETE. */
function uploadErrorOf(error: unknown, sourceFailed: boolean): AppError {
  if (isAppError(error)) return error;
  if (sourceFailed) return new AppError('UPLOAD_INCOMPLETE', { message: 'The upload was interrupted', cause: error });
  const message = error instanceof Error ? error.message : '';
  if (/unexpected end/i.test(message)) {
    return new AppError('UPLOAD_INCOMPLETE', { message: 'The multipart body ends before its last boundary' });
  }
  return new AppError('VALIDATION_FAILED', { message: 'The multipart body is malformed', cause: error });
}

/**
 * Parse a multipart/form-data body as it streams in (busboy). Files stay in memory within a budget
 * and spill to temporary files beyond it; a file over `maxFileBytes` is kept as an empty `oversize`
 * entry; the body over `maxRequestBytes` fails at once with PAYLOAD_TOO_LARGE. The form is returned
 * only once the whole body has arrived, so an interrupted upload never yields a partial form (and
 * leaves no temporary file behind).
 */
export async function readMultipartForm(source: Readable, options: MultipartFormOptions): Promise<MultipartForm> {
  const parser = createParser(options);
  const sink: PartSink = {
    budget: new MemoryBudget(options.memoryBytes ?? 64 * 1024 * 1024),
    spoolDir: options.spoolDir,
    temporaryFiles: new Set(),
  };
  const files: FormFile[] = [];
  const fields = new Map<string, string>();
  const collecting: Promise<void>[] = [];
  let sourceFailed = false;
  const counted = { bytes: 0 };
  const dispose = async () => {
    await Promise.all([...sink.temporaryFiles].map((path) => rm(path, { force: true })));
    sink.temporaryFiles.clear();
  };

  const open = new Set<Readable>();
  parser.on('file', (field, stream, filename, _encoding, mimeType) => {
    open.add(stream);
    stream.once('close', () => open.delete(stream));
    stream.once('end', () => open.delete(stream));
    const index = files.length;
    files.length += 1;
    const collected = collectPart(
      stream,
      { field, filename: filename === '' ? undefined : filename, mimeType },
      sink,
    ).then(
      (file) => {
        files[index] = file;
      },
      (error: unknown) => {
        stream.resume();
        parser.destroy(error instanceof Error ? error : new Error(String(error)));
        throw error;
      },
    );
    collected.catch(() => undefined); // awaited below; this only keeps an early failure from being unhandled
    collecting.push(collected);
  });
  parser.on('field', (name, value) => {
    fields.set(name, value);
  });
  source.once('error', () => {
    sourceFailed = true;
  });

  try {
    await pipeline(source, requestLimit(options.maxRequestBytes, counted), parser);
    await Promise.all(collecting);
  } catch (error) {
    for (const stream of open) stream.destroy(error instanceof Error ? error : undefined);
    await Promise.allSettled(collecting);
    await dispose();
    throw uploadErrorOf(error, sourceFailed);
  }
  if (options.declaredLength !== undefined && counted.bytes !== options.declaredLength) {
    await dispose();
    throw new AppError('UPLOAD_INCOMPLETE', {
      details: { declared: options.declaredLength, received: counted.bytes },
    });
  }
  return { files, fields, dispose };
}
