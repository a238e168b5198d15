import { codecFor } from '../codecs/codec-registry.js';
import type { DecodeOptions } from '../codecs/frame-codec.js';
import { frameBytes } from '../dicom/frame-bytes.js';
import type { ParsedDicom } from '../dicom/parsed-dicom.js';
import { transferSyntaxInfo } from '../dicom/transfer-syntax.js';
import { Errors, isEngineError } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';

/**
 * Decode frame `index` (zero-based) of a parsed instance to stored values. Picks the codec from the
 * transfer syntax; every failure is a typed EngineError naming the transfer syntax.
 */
export async function decodeFrame(parsed: ParsedDicom, index: number, options?: DecodeOptions): Promise<DecodedFrame> {
  const { frameInfo, transferSyntaxUid } = parsed;
  if (frameInfo === undefined) throw Errors.noPixelData();
  if (!Number.isInteger(index) || index < 0 || index >= parsed.frames.length) {
    throw Errors.frameOutOfRange(index, parsed.frames.length);
  }
  const syntax = transferSyntaxInfo(transferSyntaxUid);
  if (syntax === undefined) throw Errors.unsupportedTransferSyntax(transferSyntaxUid);
  const codec = codecFor(syntax.family);
  try {
    await codec.initialize();
    return await codec.decode(frameBytes(parsed, index), frameInfo, options);
  } catch (error) {
    if (isEngineError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw Errors.corruptPixelData(transferSyntaxUid, reason, error);
  }
}
