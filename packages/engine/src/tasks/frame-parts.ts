import type { DecodeOptions, FrameInfo } from '../codecs/frame-codec.js';
import { decodeFrame } from '../decode/decode-frame.js';
import type { ParsedDicom } from '../dicom/parsed-dicom.js';
import { transferSyntaxInfo } from '../dicom/transfer-syntax.js';
import { Errors } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import type { RenderingAttributes } from '../image/rendering-attributes.js';
import { readStoredBytes, type StoredBytesRef } from '../stored-files/read-stored-bytes.js';
import { parsedHeader } from './parsed-headers.js';

/**
 * One frame of a stored instance without the rest of its pixel data: what a server reads when it
 * knows the frame table (offsets from `parseDicom`'s `frames`, offset base `file`).
 */
export interface FrameParts {
  /** The file's first bytes, up to the first frame: `bytes[0, frames[0].offset)`. */
  prefix: Uint8Array;
  /**
   * The frame's bytes: the native span, or the encapsulated fragments' values concatenated; or
   * where to read them (the worker reads and decrypts them itself: no frame-sized copy between threads).
   */
  frame: Uint8Array | StoredBytesRef;
  /** Zero-based frame index (per-frame attributes and the range check). */
  index: number;
  /**
   * A name for the file's exact content (e.g. its SHA-256): the parsed prefix is then kept per
   * worker thread under it and not parsed again. Never reuse a key for other bytes.
   */
  contentKey?: string;
}

/** A decoded frame with the attributes needed to render it again (e.g. with another window). */
export interface DecodedFrameWithAttributes {
  frame: DecodedFrame;
  attributes: RenderingAttributes;
}

const ITEM = [0xfe, 0xff, 0x00, 0xe0];
const PIXEL_DATA_LE = [0xe0, 0x7f, 0x10, 0x00];
const PIXEL_DATA_BE = [0x7f, 0xe0, 0x00, 0x10];

const matches = (bytes: Uint8Array, at: number, pattern: number[]) =>
  at >= 0 && pattern.every((value, i) => bytes[at + i] === value);

const uint32le = (bytes: Uint8Array, at: number) =>
  ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16)) +
  (bytes[at + 3] as number) * 0x1000000;

/**
 * Where the Pixel Data element starts in a prefix that ends at the first frame. Native: its
 * header (12 bytes explicit VR, 8 implicit) is the prefix's tail. Encapsulated: header, then the
 * Basic Offset Table item whose length reaches exactly the prefix's end. No guessing: each shape is
 * checked byte for byte, and anything else is INVALID_DICOM.
 */
export function pixelDataStart(prefix: Uint8Array): number {
  const end = prefix.length;
  const explicitAt = end - 12;
  const isVr = (at: number) =>
    (prefix[at] ?? 0) >= 0x41 && (prefix[at] ?? 0) <= 0x5a && prefix[at + 2] === 0 && prefix[at + 3] === 0;
  if (
    (matches(prefix, explicitAt, PIXEL_DATA_LE) || matches(prefix, explicitAt, PIXEL_DATA_BE)) &&
    isVr(explicitAt + 4)
  ) {
    return explicitAt;
  }
  if (matches(prefix, end - 8, PIXEL_DATA_LE)) return end - 8;
  // Encapsulated (always explicit VR little endian): tag, OB, 2 reserved, FFFFFFFF, then the BOT item.
  for (let at = end - 20; at >= 0 && end - at <= 20 + 8 * 1_048_576; at--) {
    if (!matches(prefix, at, PIXEL_DATA_LE) || !matches(prefix, at + 12, ITEM)) continue;
    if (prefix[at + 4] !== 0x4f || prefix[at + 8] !== 0xff || prefix[at + 11] !== 0xff) continue;
    if (at + 20 + uint32le(prefix, at + 16) === end) return at;
  }
  throw Errors.invalidDicom('the prefix does not end at the first frame of pixel data');
}

function frameInfoOf(parsed: ParsedDicom): FrameInfo {
  const image = parsed.metadata.image;
  if (image === undefined) throw Errors.noPixelData();
  return {
    transferSyntaxUid: parsed.transferSyntaxUid,
    rows: image.rows,
    columns: image.columns,
    samplesPerPixel: image.samplesPerPixel,
    bitsAllocated: image.bitsAllocated,
    bitsStored: image.bitsStored,
    pixelRepresentation: image.pixelRepresentation,
    photometricInterpretation: image.photometricInterpretation,
    planarConfiguration: image.planarConfiguration,
  };
}

/**
 * Decode one frame from its parts: the data set before Pixel Data is parsed (metadata, rendering
 * attributes), and a one-frame view of it given to the usual codec path. Throws EngineError only.
 */
export async function decodeFrameParts(
  parts: FrameParts,
  options: DecodeOptions = {},
  read: { transient?: boolean } = {},
): Promise<DecodedFrameWithAttributes> {
  const header = parsedHeader(parts.prefix.subarray(0, pixelDataStart(parts.prefix)), parts.contentKey);
  const syntax = transferSyntaxInfo(header.transferSyntaxUid);
  if (syntax?.deflated === true) throw Errors.invalidDicom('a deflated data set cannot be read frame by frame');
  const frameInfo = frameInfoOf(header);
  const frames = header.metadata.image?.numberOfFrames ?? 1;
  if (!Number.isInteger(parts.index) || parts.index < 0 || parts.index >= frames) {
    throw Errors.frameOutOfRange(parts.index, frames);
  }
  const frameBytes = parts.frame instanceof Uint8Array ? parts.frame : readStoredBytes(parts.frame, read);
  const single: ParsedDicom = {
    ...header,
    bytes: frameBytes,
    frameInfo,
    frames: Array.from({ length: frames }, (_, i) =>
      i === parts.index ? { offset: 0, length: frameBytes.length } : { offset: 0, length: 0 },
    ),
    encapsulated: syntax?.encapsulated ?? false,
  };
  const frame = await decodeFrame(single, parts.index, options);
  return { frame, attributes: header.renderingAttributes(parts.index) };
}
