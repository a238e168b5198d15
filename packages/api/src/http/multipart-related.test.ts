import { describe, expect, it } from 'vitest';
import { parseMultipartRelated } from './multipart-related.js';
import { multipartRelatedStream, newBoundary, type OutgoingPart } from './multipart-related-writer.js';

const text = (value: string) => new Uint8Array(Buffer.from(value, 'latin1'));
const asText = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

async function* partsOf(list: OutgoingPart[]): AsyncIterable<OutgoingPart> {
  yield* list;
}

async function written(list: OutgoingPart[], boundary: string): Promise<Uint8Array> {
  return new Uint8Array(await new Response(multipartRelatedStream(partsOf(list), boundary)).arrayBuffer());
}

describe('multipart/related', () => {
  it('round-trips parts through the writer and the parser, bytes intact', async () => {
    const boundary = newBoundary();
    const binary = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
    // A body that contains CRLF and dashes but not the delimiter.
    const tricky = text('\r\n--not-the-boundary\r\n\r\n--');
    const body = await written(
      [
        { contentType: 'application/dicom', body: binary },
        { contentType: 'application/octet-stream', headers: { 'Content-Location': '/x' }, body: tricky },
        { contentType: 'application/dicom', body: new Uint8Array(0) },
      ],
      boundary,
    );
    const parts = parseMultipartRelated(body, boundary);
    expect(parts.map((part) => part.contentType)).toEqual([
      'application/dicom',
      'application/octet-stream',
      'application/dicom',
    ]);
    expect(Buffer.from(parts[0]?.body ?? []).equals(binary)).toBe(true);
    expect(parts[1]?.body).toEqual(tricky);
    expect(parts[1]?.headers['content-location']).toBe('/x');
    expect(parts[2]?.body.byteLength).toBe(0);
  });

  it('parses what dicomweb-client sends (leading CRLF, no trailing CRLF) and ignores preamble', () => {
    const body = text(
      'preamble\r\n--b1\r\nContent-Type: application/dicom\r\n\r\nABC\r\n--b1\r\n\r\nno headers\r\n--b1--',
    );
    const parts = parseMultipartRelated(body, 'b1');
    expect(parts.map((part) => asText(part.body))).toEqual(['ABC', 'no headers']);
    expect(parts[1]?.contentType).toBeUndefined();
    expect(parseMultipartRelated(text('\r\n--b1\r\nContent-Type: x/y\r\n\r\n1\r\n--b1--'), 'b1')).toHaveLength(1);
  });

  it('refuses a body without the boundary (VALIDATION_FAILED) and a truncated one (UPLOAD_INCOMPLETE)', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
        return 'none';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    expect(codeOf(() => parseMultipartRelated(text('just bytes'), 'b1'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => parseMultipartRelated(text('--b1\r\n\r\nABC'), 'b1'))).toBe('UPLOAD_INCOMPLETE');
    expect(codeOf(() => parseMultipartRelated(text('--b1\r\nContent-Type: a/b\r\n\r\nABC\r\n--b1'), 'b1'))).toBe(
      'UPLOAD_INCOMPLETE',
    );
    expect(codeOf(() => parseMultipartRelated(text('--b1--'), 'bad\nboundary'))).toBe('VALIDATION_FAILED');
    expect(parseMultipartRelated(text('--b1--'), 'b1')).toEqual([]);
  });
});
