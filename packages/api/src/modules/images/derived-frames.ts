import {
  type CopyBox,
  type DecodedFrameWithAttributes,
  decodeDecodedCopy,
  type Engine,
  encodeDecodedCopy,
  type FrameParts,
  joinSpans,
  type RenderedImage,
} from '@lucent/engine';
import { isAppError, type RenderOptionsInput } from '@lucent/shared';
import type { BlobStore, StoredLocation } from '../../storage/blob-store.js';
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
 * Format: @lucent/engine's stored-files/decoded-copy.ts (the worker that renders a reduced copy reads it).
 */
const J2K_SYNTAXES = new Set(['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']);

/** The box reduced copies are made for: the thumbnail's. */
export const REDUCED_COPY_BOX = { width: 128, height: 128 } as const;

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

/** `within`: for a reduced copy, the box it is the render source of. Format: @lucent/engine's decoded-copy.ts. */
export const encodeDerivedFrame = (decoded: DecodedFrameWithAttributes, sha256: string, within?: CopyBox): Uint8Array =>
  encodeDecodedCopy(decoded, { sha256, within });

/**
 * The frame in shared memory (the frame cache keeps it and workers read it without a copy); undefined
 * when the bytes are not a copy of the file with this SHA-256 made for the box `within` (full copies:
 * none) — the caller then decodes the original.
 */
export const decodeDerivedFrame = (
  bytes: Uint8Array,
  sha256: string,
  within?: CopyBox,
): DecodedFrameWithAttributes | undefined => decodeDecodedCopy(bytes, { sha256, within }, 'shared');

export interface DerivedFrames {
  /** The decoded copy of a frame, or undefined when there is none (yet). */
  read(instance: ImageInstance, frame: number): Promise<DecodedFrameWithAttributes | undefined>;
  /** Decode every frame of a J2K instance from its stored file and keep the copies. Returns bytes written. */
  write(instance: ImageInstance, file: Uint8Array, signal?: AbortSignal): Promise<number>;
  /**
   * Render a frame from its reduced copy (the caller checked `servedByReducedCopy`): read by the
   * engine worker where the store can say where the copy lives, else here. Undefined when there is
   * no usable copy (none yet, none for this frame, another version's).
   */
  renderReduced(
    instance: ImageInstance,
    frame: number,
    options: RenderOptionsInput,
  ): Promise<RenderedImage | undefined>;
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
  return { prefix: file.slice(0, first.offset), frame: joinSpans(file, spans), index };
}

const REREAD_CODES = new Set(['STORED_FILE_CHANGED', 'STORED_FILE_MISSING']);

export function createDerivedFrames(storage: BlobStore, engine: Engine): DerivedFrames {
  async function readCopy(key: string, sha256: string, within?: CopyBox) {
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
    async renderReduced(instance, frame, options) {
      if (!worthReducing(instance)) return undefined;
      const key = reducedKeyOf(instance, frame);
      if (storage.locate !== undefined) {
        let location: StoredLocation;
        try {
          location = await storage.locate(key);
        } catch {
          return undefined; // no copy (yet)
        }
        const { size, ...where } = location;
        const expect = { sha256: instance.sha256, within: REDUCED_COPY_BOX };
        try {
          return await engine.renderCopy({ ...where, spans: [{ offset: 0, length: size }] }, expect, options);
        } catch (error) {
          if (!isAppError(error) || !REREAD_CODES.has(error.code)) throw error;
          storage.forget?.(key); // rewritten since it was located: read it here
        }
      }
      const copy = await readCopy(key, instance.sha256, REDUCED_COPY_BOX);
      return copy === undefined ? undefined : engine.renderDecoded(copy, options);
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
