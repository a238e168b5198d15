import type { DecodedFrame, DecodedFrameWithAttributes, Engine, FrameParts, PixelArray } from '@lucent/engine';
import type { BlobStore } from '../../storage/blob-store.js';
import type { ImageInstance } from './image-instances.js';

/**
 * Copies of decoded frames, written after ingest next to the original in the blob store (keyed by
 * instance, so an overwrite replaces them rather than leaving the old version's behind; each copy
 * names the file's SHA-256 it came from and is ignored when that is not the instance's current one):
 * - full: `{folder}/{sopInstanceUid}.f{n}.decoded`, every JPEG 2000 frame decoded, so a
 *   full-resolution render reads stored values instead of running the slow WASM J2K decode;
 * - reduced: `{folder}/{sopInstanceUid}.f{n}.reduced`, the frame a thumbnail render starts from
 *   (the engine's `renderSource` for the thumbnail box: a J2K resolution level and/or stored values
 *   box-averaged), for every frame that is at least 4× larger than that, so a cold thumbnail reads a
 *   few kilobytes, not the whole frame, and renders the very same image.
 * Format: "LDF1", uint32 LE header length, a JSON header (frame info, rendering attributes with LUTs
 * as number arrays, pixel array type, and for a reduced copy the box it was made for), padding to 8
 * bytes, then the pixels in host (little-endian) order.
 */
const MAGIC = [0x4c, 0x44, 0x46, 0x31];
const J2K_SYNTAXES = new Set(['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']);

/** The box reduced copies are made for: the thumbnail's. */
export const REDUCED_COPY_BOX = { width: 128, height: 128 } as const;
export interface Box {
  width: number;
  height: number;
}

const baseKeyOf = (instance: Pick<ImageInstance, 'storageKey'>) =>
  instance.storageKey.replace(/\.[0-9a-f]{16}\.dcm$/, '');
export const derivedKeyOf = (instance: Pick<ImageInstance, 'storageKey'>, frame: number) =>
  `${baseKeyOf(instance)}.f${frame + 1}.decoded`;
export const reducedKeyOf = (instance: Pick<ImageInstance, 'storageKey'>, frame: number) =>
  `${baseKeyOf(instance)}.f${frame + 1}.reduced`;

export const hasDerivedFrames = (transferSyntaxUid: string) => J2K_SYNTAXES.has(transferSyntaxUid);

/** Whether a render inside `width` × `height` starts from exactly the reduced copy's frame. */
export const servedByReducedCopy = (width: number | undefined, height: number | undefined) =>
  width === REDUCED_COPY_BOX.width && height === REDUCED_COPY_BOX.height;

const ARRAYS = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
} as const;
type ArrayName = keyof typeof ARRAYS;

function withoutTypedArrays(_key: string, value: unknown): unknown {
  return value instanceof Uint16Array ? { u16: Array.from(value) } : value;
}

function withTypedArrays(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'u16' in value && Array.isArray(value.u16)) {
    return Uint16Array.from(value.u16 as number[]);
  }
  return value;
}

/** `within`: for a reduced copy, the box it is the render source of. */
export function encodeDerivedFrame(decoded: DecodedFrameWithAttributes, sha256: string, within?: Box): Uint8Array {
  const { pixels, ...frame } = decoded.frame;
  const header = new TextEncoder().encode(
    JSON.stringify(
      { sha256, frame, attributes: decoded.attributes, array: pixels.constructor.name, within },
      withoutTypedArrays,
    ),
  );
  const pixelStart = Math.ceil((8 + header.length) / 8) * 8;
  const out = new Uint8Array(pixelStart + pixels.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  out.set(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength), pixelStart);
  return out;
}

/**
 * Undefined when the bytes are not a copy of the file with this SHA-256, or not one made for the
 * box `within` (full copies: none) — the caller then decodes the original.
 */
export function decodeDerivedFrame(
  bytes: Uint8Array,
  sha256: string,
  within?: Box,
): DecodedFrameWithAttributes | undefined {
  if (bytes.length < 8 || !MAGIC.every((value, i) => bytes[i] === value)) return undefined;
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)), withTypedArrays) as {
    sha256: string;
    frame: Omit<DecodedFrame, 'pixels'>;
    attributes: DecodedFrameWithAttributes['attributes'];
    array: ArrayName;
    within?: Box;
  };
  const PixelType = ARRAYS[header.array];
  if (PixelType === undefined || header.sha256 !== sha256) return undefined;
  if (header.within?.width !== within?.width || header.within?.height !== within?.height) return undefined;
  const pixelStart = Math.ceil((8 + headerLength) / 8) * 8;
  const length = (bytes.length - pixelStart) / PixelType.BYTES_PER_ELEMENT;
  if (!Number.isInteger(length)) return undefined;
  // Shared memory: the frame cache keeps it and workers read it without a copy.
  const pixels = new PixelType(
    new SharedArrayBuffer(bytes.length - pixelStart) as unknown as ArrayBuffer,
  ) as PixelArray;
  new Uint8Array(pixels.buffer).set(bytes.subarray(pixelStart));
  return { frame: { ...header.frame, pixels }, attributes: header.attributes };
}

export interface DerivedFrames {
  /** The decoded copy of a frame, or undefined when there is none (yet). */
  read(instance: ImageInstance, frame: number): Promise<DecodedFrameWithAttributes | undefined>;
  /** Decode every frame of a J2K instance from its stored file and keep the copies. Returns bytes written. */
  write(instance: ImageInstance, file: Uint8Array, signal?: AbortSignal): Promise<number>;
  /** The reduced copy of a frame (the thumbnail box's render source), or undefined when there is none. */
  readReduced(instance: ImageInstance, frame: number): Promise<DecodedFrameWithAttributes | undefined>;
  /** Write the reduced copy of every frame worth one (4× fewer samples or better). Returns bytes written. */
  writeReduced(instance: ImageInstance, file: Uint8Array, signal?: AbortSignal): Promise<number>;
}

/** One frame's parts cut from the whole stored file (its fragments' values concatenated). */
function partsFromFile(instance: ImageInstance, file: Uint8Array, index: number): FrameParts | undefined {
  const first = instance.frames[0];
  const location = instance.frames[index];
  if (first === undefined || location === undefined) return undefined;
  if (instance.pixelOffsetBase !== 'file' || (location.bitOffset ?? 0) !== 0) return undefined;
  const spans = location.fragments ?? [{ offset: location.offset, length: location.length }];
  const frame = new Uint8Array(spans.reduce((sum, span) => sum + span.length, 0));
  let at = 0;
  for (const span of spans) {
    frame.set(file.subarray(span.offset, span.offset + span.length), at);
    at += span.length;
  }
  return { prefix: file.slice(0, first.offset), frame, index };
}

export function createDerivedFrames(storage: BlobStore, engine: Engine): DerivedFrames {
  async function readCopy(key: string, sha256: string, within?: Box) {
    try {
      return decodeDerivedFrame(await storage.get(key), sha256, within);
    } catch {
      return undefined;
    }
  }
  return {
    async read(instance, frame) {
      if (!hasDerivedFrames(instance.transferSyntaxUid)) return undefined;
      return readCopy(derivedKeyOf(instance, frame), instance.sha256);
    },
    async write(instance, file, signal) {
      if (!hasDerivedFrames(instance.transferSyntaxUid)) return 0;
      let written = 0;
      for (let index = 0; index < instance.frames.length; index++) {
        const parts = partsFromFile(instance, file, index);
        if (parts === undefined) return written;
        const decoded = await engine.decodeParts(parts, signal === undefined ? {} : { signal });
        const bytes = encodeDerivedFrame(decoded, instance.sha256);
        await storage.put(derivedKeyOf(instance, index), bytes);
        written += bytes.byteLength;
      }
      return written;
    },
    async readReduced(instance, frame) {
      if (!worthReducing(instance)) return undefined;
      return readCopy(reducedKeyOf(instance, frame), instance.sha256, REDUCED_COPY_BOX);
    },
    async writeReduced(instance, file, signal) {
      if (!worthReducing(instance)) return 0;
      let written = 0;
      for (let index = 0; index < instance.frames.length; index++) {
        const parts = partsFromFile(instance, file, index);
        if (parts === undefined) return written;
        const reduced = await engine.decodeParts(parts, {
          reduceWithin: REDUCED_COPY_BOX,
          ...(signal === undefined ? {} : { signal }),
        });
        const { rows, columns } = reduced.frame.info;
        // Not reducible (palette, padding, modality LUT…): no copy, the original is rendered.
        if (rows * columns * 4 > (instance.rows ?? 0) * (instance.columns ?? 0)) return written;
        const bytes = encodeDerivedFrame(reduced, instance.sha256, REDUCED_COPY_BOX);
        await storage.put(reducedKeyOf(instance, index), bytes);
        written += bytes.byteLength;
      }
      return written;
    },
  };
}

/** A frame at least 4× the thumbnail box's area (twice its size each way) can be reduced by 2 or more. */
function worthReducing(instance: ImageInstance): boolean {
  const rows = instance.rows ?? 0;
  const columns = instance.columns ?? 0;
  const scale = Math.min(REDUCED_COPY_BOX.width / columns, REDUCED_COPY_BOX.height / rows);
  return rows > 0 && columns > 0 && scale <= 0.5;
}
