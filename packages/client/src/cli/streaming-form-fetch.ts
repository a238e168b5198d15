import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FetchFunction } from '../http-transport.js';

const CRLF = '\r\n';
const encoder = new TextEncoder();

/** As browsers and undici escape names in Content-Disposition. */
const escapeName = (text: string) => text.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');

/** A form as multipart/form-data: its pieces (bytes, and Blobs still unread) and their total length. */
export function encodeForm(form: FormData, boundary: string): { pieces: (Uint8Array | Blob)[]; length: number } {
  const pieces: (Uint8Array | Blob)[] = [];
  let length = 0;
  const add = (piece: Uint8Array | Blob) => {
    pieces.push(piece);
    length += piece instanceof Blob ? piece.size : piece.byteLength;
  };
  for (const [name, value] of form) {
    let head = `--${boundary}${CRLF}Content-Disposition: form-data; name="${escapeName(name)}"`;
    if (typeof value === 'string') {
      add(encoder.encode(`${head}${CRLF}${CRLF}`));
      add(encoder.encode(value));
    } else {
      head += `; filename="${escapeName(value.name)}"${CRLF}Content-Type: ${value.type || 'application/octet-stream'}`;
      add(encoder.encode(`${head}${CRLF}${CRLF}`));
      add(value);
    }
    add(encoder.encode(CRLF));
  }
  add(encoder.encode(`--${boundary}--${CRLF}`));
  return { pieces, length };
}

async function* bytesOf(pieces: readonly (Uint8Array | Blob)[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) {
    if (piece instanceof Blob) yield* piece.stream() as unknown as AsyncIterable<Uint8Array>;
    else yield piece;
  }
}

function responseOf(message: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  const status = message.statusCode ?? 500;
  const empty = status === 204 || status === 205 || status === 304;
  if (empty) message.resume();
  const body = empty ? null : (Readable.toWeb(message) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: message.statusMessage ?? '', headers });
}

/** POST a form with node:http(s), its body streamed piece by piece with backpressure. */
function sendForm(url: URL, init: RequestInit, form: FormData): Promise<Response> {
  const boundary = `----lucent-${randomBytes(12).toString('hex')}`;
  const { pieces, length } = encodeForm(form, boundary);
  const headers = new Headers(init.headers);
  headers.set('content-type', `multipart/form-data; boundary=${boundary}`);
  headers.set('content-length', String(length));
  const { signal } = init;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, {
      method: init.method ?? 'POST',
      headers: Object.fromEntries(headers),
      ...(signal ? { signal } : {}),
    });
    request.once('response', (message) => resolve(responseOf(message)));
    request.once('error', (error) => {
      // As fetch rejects: the abort reason, or a TypeError whose cause says what failed (ECONNREFUSED…).
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
    });
    // Failures reject through the request's 'error' (a file that cannot be read destroys it too); a
    // server that answers before reading everything (413, 401) has already resolved the promise.
    pipeline(Readable.from(bytesOf(pieces)), request).catch(() => undefined);
  });
}

/**
 * fetch for the CLI: a FormData body (an upload batch) is sent with node:http(s), read from its
 * file-backed Blobs as the socket drains; everything else goes to `fallback`. Node's fetch keeps a
 * request body's chunks in memory until the request ends (nodejs/undici#4058), so a 1 GiB file
 * would otherwise sit in memory while it is sent.
 */
export function createStreamingFormFetch(fallback: FetchFunction = (input, init) => fetch(input, init)): FetchFunction {
  return (input, init) => {
    if (init?.body instanceof FormData && !(input instanceof Request)) {
      return sendForm(new URL(String(input)), init, init.body);
    }
    return fallback(input, init);
  };
}
