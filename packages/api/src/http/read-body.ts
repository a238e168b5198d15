import { AppError } from '@lucent/shared';

/**
 * Read a request body into memory, refusing it (413) as soon as it passes `limit` and reporting a
 * body shorter than its Content-Length, or a connection that drops mid-upload, as UPLOAD_INCOMPLETE.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  const declaredLength = declared === null ? undefined : Number(declared);
  if (declaredLength !== undefined && declaredLength > limit) {
    throw new AppError('PAYLOAD_TOO_LARGE', { details: { limit } });
  }
  if (request.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw new AppError('PAYLOAD_TOO_LARGE', { details: { limit } });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('UPLOAD_INCOMPLETE', { message: 'The upload was interrupted', cause: error });
  }
  if (declaredLength !== undefined && Number.isFinite(declaredLength) && total !== declaredLength) {
    throw new AppError('UPLOAD_INCOMPLETE', { details: { declared: declaredLength, received: total } });
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
