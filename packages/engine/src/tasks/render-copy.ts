import type { RenderOptionsInput } from '@lucent/shared';
import { parseRenderOptions, type RenderedImage, renderFrame } from '../render/render-frame.js';
import { type CopyExpectation, decodeDecodedCopy } from '../stored-files/decoded-copy.js';
import { readStoredBytes, type StoredBytesRef, withTransientReads } from '../stored-files/read-stored-bytes.js';

export interface RenderCopyInput {
  /** The stored copy (decoded-copy.ts format), read and decrypted here. */
  copy: StoredBytesRef;
  expect: CopyExpectation;
  options: RenderOptionsInput;
}

/**
 * Task: render a decoded frame kept in a stored copy, read by this worker (its bytes never cross
 * threads). Undefined when the copy is not the expected one (another version of the file, another
 * box, not a copy): the caller then renders from the original.
 */
export async function renderCopy(input: RenderCopyInput): Promise<RenderedImage | undefined> {
  const options = parseRenderOptions(input.options);
  return withTransientReads(async (transient) => {
    const decoded = decodeDecodedCopy(readStoredBytes(input.copy, { transient }), input.expect, 'view');
    return decoded === undefined ? undefined : renderFrame(decoded.frame, decoded.attributes, options);
  });
}
