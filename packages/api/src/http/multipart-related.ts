import { AppError } from '@lucent/shared';

/** One body part of a multipart/related message (RFC 2387), its body a view into the message. */
export interface MultipartPart {
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The part's Content-Type, if it has one. */
  contentType: string | undefined;
  body: Uint8Array;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
/** RFC 2046: 1–70 characters from a restricted set (space allowed, not last). */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

export function isValidBoundary(boundary: string): boolean {
  return BOUNDARY.test(boundary);
}

function malformed(message: string): AppError {
  return new AppError('VALIDATION_FAILED', { message });
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed('A multipart body part has a malformed header line');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * Split a whole multipart/related body into its parts (no copies). The preamble and epilogue are
 * ignored. A body without an opening delimiter → 400 VALIDATION_FAILED; one that ends before its
 * closing delimiter (a truncated upload) → 400 UPLOAD_INCOMPLETE.
 */
export function parseMultipartRelated(body: Uint8Array, boundary: string): MultipartPart[] {
  if (!isValidBoundary(boundary)) throw malformed('The multipart boundary is malformed');
  const message = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.concat([CRLF, dashBoundary]);
  // The first delimiter may start the body (no CRLF before it).
  let at: number;
  if (message.subarray(0, dashBoundary.length).equals(dashBoundary)) at = dashBoundary.length;
  else {
    const first = message.indexOf(delimiter);
    if (first === -1) throw malformed('The multipart body has no delimiter for its boundary');
    at = first + delimiter.length;
  }
  const parts: MultipartPart[] = [];
  for (;;) {
    // After a delimiter: "--" closes the message; otherwise optional whitespace then CRLF.
    if (message[at] === 0x2d && message[at + 1] === 0x2d) return parts;
    const lineEnd = message.indexOf(CRLF, at);
    if (lineEnd === -1) throw incomplete();
    if (message.subarray(at, lineEnd).toString('latin1').trim() !== '') {
      throw malformed('A multipart delimiter is followed by unexpected characters');
    }
    const partStart = lineEnd + 2;
    const next = message.indexOf(delimiter, partStart - 2);
    if (next === -1) throw incomplete();
    const headerEnd = message.indexOf(HEADER_END, partStart - 2);
    let headers: Record<string, string> = {};
    let bodyStart = partStart;
    if (message.subarray(partStart, partStart + 2).equals(CRLF)) {
      bodyStart = partStart + 2; // no headers
    } else if (headerEnd !== -1 && headerEnd < next) {
      headers = parseHeaders(message.subarray(partStart, headerEnd).toString('latin1'));
      bodyStart = headerEnd + HEADER_END.length;
    } else {
      throw malformed('A multipart body part has no end of headers');
    }
    parts.push({
      headers,
      contentType: headers['content-type'],
      body: new Uint8Array(message.buffer, message.byteOffset + bodyStart, Math.max(0, next - bodyStart)),
    });
    at = next + delimiter.length;
  }
}

function incomplete(): AppError {
  return new AppError('UPLOAD_INCOMPLETE', { message: 'The multipart body ends before its closing delimiter' });
}
