import { frameBytes, parseDicom } from '@lucent/engine';
import type { Services } from '../../app/services.js';
import type { OutgoingPart } from '../../http/multipart-related-writer.js';
import { covers, notAcceptable, parseAccept } from './media-type.js';
import {
  canonicalMediaType,
  compressedFrameMediaType,
  EXPLICIT_VR_LITTLE_ENDIAN,
  isNativeLittleEndian,
} from './transfer-syntax-media.js';
import type { StoredInstance } from './wado-scope.js';

/** What the frames are sent as: the stored bytes, or native little-endian pixels (decoded if need be). */
export interface FramesPlan {
  form: 'stored' | 'native';
  /** The multipart/related `type` and each part's Content-Type. */
  rootType: string;
  partType: string;
}

/**
 * Pick the frames' form from the Accept header, most preferred first (PS3.18 8.7.3.5):
 * `type="application/octet-stream"` without transfer-syntax (or with 1.2.840.10008.1.2.1) → native
 * pixels; `transfer-syntax=*` or the stored syntax → the stored bytes as they are; `type="image/jp2"`
 * (or image/jpeg, image/jls, image/jhc, image/x-dicom-rle, image/*) when it is the stored syntax's
 * type → the stored compressed bytes. Anything else → 406.
 */
export function negotiateFrames(accept: string | undefined, instance: StoredInstance): FramesPlan {
  const stored = instance.transferSyntaxUid;
  const compressedType = compressedFrameMediaType(stored);
  const nativeType = `application/octet-stream; transfer-syntax=${EXPLICIT_VR_LITTLE_ENDIAN}`;
  /** Native pixels: a ranged read when stored little-endian, else decoded. */
  const native: FramesPlan = {
    form: isNativeLittleEndian(stored) ? 'stored' : 'native',
    rootType: 'application/octet-stream',
    partType: nativeType,
  };
  /** The stored bytes, whatever they are (compressed frames keep their syntax). */
  const asStored = (rootType: string): FramesPlan =>
    compressedType === undefined
      ? native
      : { form: 'stored', rootType, partType: `${rootType}; transfer-syntax=${stored}` };
  for (const range of parseAccept(accept)) {
    if (range.type === '*/*') return native;
    if (range.type !== 'multipart/related' && range.type !== 'multipart/*') continue;
    const type = canonicalMediaType(range.params.type?.toLowerCase() ?? 'application/octet-stream');
    const syntax = range.params['transfer-syntax'];
    if (type === 'application/octet-stream') {
      if (syntax === undefined || syntax === EXPLICIT_VR_LITTLE_ENDIAN) return native;
      if (syntax === '*' || syntax === stored) return asStored('application/octet-stream');
      continue;
    }
    const sameSyntax = syntax === undefined || syntax === '*' || syntax === stored;
    if (compressedType !== undefined && covers(type, compressedType) && sameSyntax) return asStored(compressedType);
  }
  throw notAcceptable(accept ?? '', [
    'multipart/related; type="application/octet-stream"',
    ...(compressedType === undefined ? [] : [`multipart/related; type="${compressedType}"`]),
  ]);
}

/** The stored bytes of one frame, read with a ranged read (fragments concatenated). */
async function storedFrame(services: Services, instance: StoredInstance, frame: number): Promise<Uint8Array> {
  const location = instance.frames[frame - 1];
  if (location === undefined || instance.pixelOffsetBase === 'inflated' || (location.bitOffset ?? 0) !== 0) {
    // Deflated files (offsets index the inflated data set) and 1-bit frames off a byte boundary.
    const parsed = parseDicom(await services.storage.get(instance.storageKey));
    return frameBytes(parsed, frame - 1);
  }
  const span = await services.storage.getRange(instance.storageKey, location.offset, location.length);
  const fragments = location.fragments;
  if (fragments === undefined) return span;
  if (fragments.length === 1 && fragments[0] !== undefined) {
    const only = fragments[0];
    return span.subarray(only.offset - location.offset, only.offset - location.offset + only.length);
  }
  const out = new Uint8Array(fragments.reduce((sum, fragment) => sum + fragment.length, 0));
  let at = 0;
  for (const fragment of fragments) {
    out.set(span.subarray(fragment.offset - location.offset, fragment.offset - location.offset + fragment.length), at);
    at += fragment.length;
  }
  return out;
}

/** One frame as native little-endian pixels: a ranged read when stored so, else decoded by the engine. */
async function nativeFrame(
  services: Services,
  instance: StoredInstance,
  frame: number,
  file: { bytes?: Uint8Array },
  signal: AbortSignal,
): Promise<Uint8Array> {
  if (isNativeLittleEndian(instance.transferSyntaxUid)) return storedFrame(services, instance, frame);
  file.bytes ??= await services.storage.get(instance.storageKey);
  const decoded = await services.engine.decode(file.bytes, { frame: frame - 1, copy: true, signal });
  const pixels = decoded.pixels;
  return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
}

/** The requested frames as parts, read (or decoded) one at a time as the response is written. */
export async function* frameParts(
  services: Services,
  instance: StoredInstance,
  frames: number[],
  plan: FramesPlan,
  signal: AbortSignal,
): AsyncIterable<OutgoingPart> {
  const file: { bytes?: Uint8Array } = {};
  for (const frame of frames) {
    const body =
      plan.form === 'stored'
        ? await storedFrame(services, instance, frame)
        : await nativeFrame(services, instance, frame, file, signal);
    yield { contentType: plan.partType, body };
  }
}
