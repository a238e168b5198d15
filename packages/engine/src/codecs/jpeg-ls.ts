import { Errors, isEngineError } from '../errors/engine-error.js';
import { interleavePlanar } from '../image/pixel-array.js';
import { expectDimensions, reasonOf, toDecodedFrame } from './decoded-samples.js';
import { type EmbindDecoder, type EmbindDecoderClass, loadEmscriptenModule, withDecoder } from './embind-decoder.js';
import type { FrameCodec, FrameInfo } from './frame-codec.js';
import { reloadableModule } from './reloadable-module.js';

interface JpegLsDecoder extends EmbindDecoder {
  /** 0: planes one after the other, 1: line interleaved, 2: sample interleaved. */
  getInterleaveMode(): number;
}

interface CharLsModule {
  JpegLSDecoder: EmbindDecoderClass<JpegLsDecoder>;
  /** CharLS throws C++ exceptions, seen in JS as a pointer: this reads their message. */
  getExceptionMessage?: (exception: number) => string | string[];
}

const charLs = reloadableModule(() => loadEmscriptenModule<CharLsModule>('@cornerstonejs/codec-charls/decodewasmjs'));

/**
 * SOI first and EOI last (trailing zero padding allowed). CharLS needs both, and on a stream cut
 * short it can spin for tens of seconds before giving up, so truncation is caught here first.
 */
function checkFraming(bytes: Uint8Array, uid: string): void {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) {
    throw Errors.corruptPixelData(uid, 'no JPEG-LS stream (SOI marker missing)');
  }
  if (end < 4 || bytes[end - 2] !== 0xff || bytes[end - 1] !== 0xd9) {
    throw Errors.corruptPixelData(uid, 'JPEG-LS stream is truncated (EOI marker missing)');
  }
}

/**
 * The SOF-55 frame header against the data set, before CharLS runs: a stream that declares another
 * size makes CharLS decode (or spin on) an image the data set never described.
 */
function checkFrameHeader(bytes: Uint8Array, info: FrameInfo): void {
  const fail = (reason: string) => Errors.corruptPixelData(info.transferSyntaxUid, reason);
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw fail(`JPEG-LS marker expected at byte ${at}`);
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    if (length < 2) throw fail(`JPEG-LS segment at byte ${at} has length ${length}`);
    if (marker === 0xf7) {
      if (length < 6 || at + 2 + length > bytes.length) throw fail('JPEG-LS frame header is truncated');
      const rows = ((bytes[at + 5] as number) << 8) | (bytes[at + 6] as number);
      const columns = ((bytes[at + 7] as number) << 8) | (bytes[at + 8] as number);
      const components = bytes[at + 9] as number;
      if (rows !== info.rows || columns !== info.columns || components !== info.samplesPerPixel) {
        throw fail(
          `the JPEG-LS stream is ${columns}×${rows}×${components}, the data set says ${info.columns}×${info.rows}×${info.samplesPerPixel}`,
        );
      }
      return;
    }
    if (marker === 0xda) break;
    at += 2 + length;
  }
  throw fail('JPEG-LS stream has no frame header (SOF-55)');
}

function describe(codec: CharLsModule, error: unknown): string {
  if (typeof error !== 'number' || codec.getExceptionMessage === undefined) return reasonOf(error);
  try {
    const message = codec.getExceptionMessage(error);
    return (Array.isArray(message) ? message.filter(Boolean).join(': ') : message) || reasonOf(error);
  } catch {
    return reasonOf(error);
  }
}

function decodeJpegLs(codec: CharLsModule, bytes: Uint8Array, info: FrameInfo) {
  checkFraming(bytes, info.transferSyntaxUid);
  checkFrameHeader(bytes, info);
  return withDecoder(
    codec.JpegLSDecoder,
    bytes,
    (decoder) => decoder.decode(),
    (decoder) => {
      const frame = decoder.getFrameInfo();
      expectDimensions(info, frame.height, frame.width);
      const bytesPerSample = frame.bitsPerSample > 8 ? 2 : 1;
      const decoded = decoder.getDecodedBuffer();
      const expected = frame.width * frame.height * frame.componentCount * bytesPerSample;
      if (decoded.length !== expected) {
        throw Errors.corruptPixelData(
          info.transferSyntaxUid,
          `decoder produced ${decoded.length} bytes, ${expected} expected`,
        );
      }
      const output = {
        bytes: decoded,
        bytesPerSample,
        rows: frame.height,
        columns: frame.width,
        samplesPerPixel: frame.componentCount,
        photometricInterpretation: info.photometricInterpretation,
      };
      const result = toDecodedFrame(output, info);
      // Interleave mode 0 (none) stores the colour planes one after the other.
      if (frame.componentCount > 1 && decoder.getInterleaveMode() === 0) {
        result.pixels = interleavePlanar(result.pixels, frame.componentCount);
      }
      return result;
    },
  );
}

/**
 * JPEG-LS lossless (.80) and near-lossless (.81) with CharLS (@cornerstonejs/codec-charls).
 * Signed data is stored as BitsStored-bit two's complement and sign-extended on output.
 */
export const jpegLsCodec: FrameCodec = {
  initialize: async () => {
    await charLs.get();
  },
  async decode(bytes, info) {
    const codec = await charLs.get();
    try {
      return decodeJpegLs(codec, bytes, info);
    } catch (error) {
      charLs.discardAfter(error);
      if (isEngineError(error)) throw error;
      throw Errors.corruptPixelData(info.transferSyntaxUid, describe(codec, error), error);
    }
  },
};
