import type { DecodedFrame, DecodedFrameWithAttributes, Engine, PixelArray } from '@lucent/engine';
import type { BlobStore } from '../../storage/blob-store.js';
import type { ImageInstance } from './image-instances.js';

/**
 * Decoded copies of JPEG 2000 frames, written at ingest next to the original in the blob store
 * (`{folder}/{sopInstanceUid}.f{n}.decoded`, keyed by instance so an overwrite replaces them
 * rather than leaving the old version's behind; each copy names the file's SHA-256 it came from
 * and is ignored when that is not the instance's current one), so a full-resolution render of a J2K instance reads stored values
 * instead of running the slow WASM J2K decode. Format: "LDF1", uint32 LE header length, a JSON
 * header (frame info, rendering attributes with LUTs as number arrays, pixel array type), padding
 * to 8 bytes, then the pixels in host (little-endian) order.
 */
const MAGIC = [0x4c, 0x44, 0x46, 0x31];
const J2K_SYNTAXES = new Set(['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']);

export const derivedKeyOf = (instance: Pick<ImageInstance, 'storageKey'>, frame: number) =>
  `${instance.storageKey.replace(/\.[0-9a-f]{16}\.dcm$/, '')}.f${frame + 1}.decoded`;

export const hasDerivedFrames = (transferSyntaxUid: string) => J2K_SYNTAXES.has(transferSyntaxUid);

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

export function encodeDerivedFrame(decoded: DecodedFrameWithAttributes, sha256: string): Uint8Array {
  const { pixels, ...frame } = decoded.frame;
  const header = new TextEncoder().encode(
    JSON.stringify(
      { sha256, frame, attributes: decoded.attributes, array: pixels.constructor.name },
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

/** Undefined when the bytes are not a copy of the file with this SHA-256 (the caller then decodes the original). */
export function decodeDerivedFrame(bytes: Uint8Array, sha256: string): DecodedFrameWithAttributes | undefined {
  if (bytes.length < 8 || !MAGIC.every((value, i) => bytes[i] === value)) return undefined;
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)), withTypedArrays) as {
    sha256: string;
    frame: Omit<DecodedFrame, 'pixels'>;
    attributes: DecodedFrameWithAttributes['attributes'];
    array: ArrayName;
  };
  const PixelType = ARRAYS[header.array];
  if (PixelType === undefined || header.sha256 !== sha256) return undefined;
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
}

export function createDerivedFrames(storage: BlobStore, engine: Engine): DerivedFrames {
  return {
    async read(instance, frame) {
      if (!hasDerivedFrames(instance.transferSyntaxUid)) return undefined;
      try {
        return decodeDerivedFrame(await storage.get(derivedKeyOf(instance, frame)), instance.sha256);
      } catch {
        return undefined;
      }
    },
    async write(instance, file, signal) {
      if (!hasDerivedFrames(instance.transferSyntaxUid) || instance.pixelOffsetBase !== 'file') return 0;
      const first = instance.frames[0];
      if (first === undefined) return 0;
      let written = 0;
      for (let index = 0; index < instance.frames.length; index++) {
        const location = instance.frames[index];
        const fragments = location?.fragments ?? [];
        const frame = new Uint8Array(fragments.reduce((sum, fragment) => sum + fragment.length, 0));
        let at = 0;
        for (const fragment of fragments) {
          frame.set(file.subarray(fragment.offset, fragment.offset + fragment.length), at);
          at += fragment.length;
        }
        const decoded = await engine.decodeParts(
          { prefix: file.slice(0, first.offset), frame, index },
          signal === undefined ? {} : { signal },
        );
        const bytes = encodeDerivedFrame(decoded, instance.sha256);
        await storage.put(derivedKeyOf(instance, index), bytes);
        written += bytes.byteLength;
      }
      return written;
    },
  };
}
