import { randomBytes } from 'node:crypto';

/** A part to send: its headers (Content-Type at least) and bytes, produced when the stream needs it. */
export interface OutgoingPart {
  contentType: string;
  headers?: Record<string, string>;
  body: Uint8Array;
}

/** A boundary that cannot plausibly occur in the parts (24 random bytes, hex). */
export function newBoundary(): string {
  return `lucent-${randomBytes(24).toString('hex')}`;
}

/**
 * A multipart/related body (RFC 2387) streamed part by part: each part is pulled from `parts`
 * only when the consumer has read the previous one, so a study's files are never all in memory.
 */
export function multipartRelatedStream(
  parts: AsyncIterable<OutgoingPart>,
  boundary: string,
): ReadableStream<Uint8Array> {
  const iterator = parts[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done === true) {
          controller.enqueue(encoder.encode(`${first ? '' : '\r\n'}--${boundary}--\r\n`));
          controller.close();
          return;
        }
        const headers = Object.entries({ 'Content-Type': next.value.contentType, ...next.value.headers })
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('');
        controller.enqueue(encoder.encode(`${first ? '' : '\r\n'}--${boundary}\r\n${headers}\r\n`));
        controller.enqueue(next.value.body);
        first = false;
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
