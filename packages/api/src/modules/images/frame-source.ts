import type { FrameParts } from '@lucent/engine';
import { isAppError } from '@lucent/shared';
import type { BlobStore } from '../../storage/blob-store.js';
import { createByteLru } from './byte-lru.js';
import type { ImageInstance } from './image-instances.js';

/**
 * Reads what the engine needs for one frame: the file's prefix (everything before the first frame:
 * header, Pixel Data element header, offset table; kept in a small LRU by content hash) and that
 * frame's bytes by range, so a frame of a large multi-frame file costs a read of that frame only.
 */
export interface FrameSource {
  /**
   * `use(parts)` with the frame's parts, or undefined when the instance must be read whole (deflated,
   * 1-bit at a bit offset). With a local store the frame is a reference the worker reads and decrypts
   * itself; when the worker finds the file changed since it was located (STORED_FILE_CHANGED), locate
   * it again and read the frame here once.
   */
  withParts<T>(instance: ImageInstance, frame: number, use: (parts: FrameParts) => Promise<T>): Promise<T | undefined>;
  whole(instance: ImageInstance): Promise<Uint8Array>;
  /** Bytes read from storage since start (a measure of what range reads save). */
  readonly bytesRead: number;
}

export function createFrameSource(storage: BlobStore, prefixCacheBytes = 32 * 1024 * 1024): FrameSource {
  const prefixes = createByteLru<Uint8Array>(prefixCacheBytes, (prefix) => prefix.byteLength);
  let bytesRead = 0;
  const read = async (key: string, offset: number, length: number) => {
    bytesRead += length;
    return storage.getRange(key, offset, length);
  };

  async function prefixOf(instance: ImageInstance, end: number): Promise<Uint8Array> {
    const cacheKey = instance.sha256;
    let prefix = prefixes.get(cacheKey);
    if (prefix === undefined) {
      prefix = await read(instance.storageKey, 0, end);
      prefixes.set(cacheKey, prefix);
    }
    // The engine takes ownership of what it is sent: send a copy of the cached bytes (a few KB).
    return prefix.slice();
  }

  async function partsOf(instance: ImageInstance, frame: number, direct: boolean): Promise<FrameParts | undefined> {
    const first = instance.frames[0];
    const location = instance.frames[frame];
    if (first === undefined || location === undefined) return undefined;
    if (instance.pixelOffsetBase !== 'file' || (location.bitOffset ?? 0) !== 0) return undefined;
    const fragments = location.fragments;
    const spans = fragments ?? [{ offset: location.offset, length: location.length }];
    if (direct && storage.locate !== undefined) {
      // The worker reads (and decrypts) the frame: its bytes never pass through this thread.
      const stored = await storage.locate(instance.storageKey);
      bytesRead += spans.reduce((sum, span) => sum + span.length, 0);
      return {
        prefix: await prefixOf(instance, first.offset),
        frame: { path: stored.path, spans, ...(stored.envelope === undefined ? {} : { envelope: stored.envelope }) },
        index: frame,
        contentKey: instance.sha256,
      };
    }
    const only = spans.length === 1 ? spans[0] : undefined;
    if (frame === 0 && only !== undefined && !prefixes.has(instance.sha256)) {
      // Frame 1, prefix not cached yet, one contiguous span: one read for both (a single-frame file
      // is then read once, as a whole-file read would).
      const head = await read(instance.storageKey, 0, only.offset + only.length);
      const prefix = head.slice(0, first.offset);
      prefixes.set(instance.sha256, prefix);
      return { prefix: prefix.slice(), frame: head.subarray(only.offset), index: frame, contentKey: instance.sha256 };
    }
    let frameBytes: Uint8Array;
    if (fragments === undefined) {
      frameBytes = await read(instance.storageKey, location.offset, location.length);
    } else if (fragments.length === 1 && fragments[0] !== undefined) {
      frameBytes = await read(instance.storageKey, fragments[0].offset, fragments[0].length);
    } else {
      const span = await read(instance.storageKey, location.offset, location.length);
      frameBytes = new Uint8Array(fragments.reduce((sum, fragment) => sum + fragment.length, 0));
      let at = 0;
      for (const fragment of fragments) {
        const start = fragment.offset - location.offset;
        frameBytes.set(span.subarray(start, start + fragment.length), at);
        at += fragment.length;
      }
    }
    return {
      prefix: await prefixOf(instance, first.offset),
      frame: frameBytes,
      index: frame,
      contentKey: instance.sha256,
    };
  }

  return {
    async withParts(instance, frame, use) {
      const parts = await partsOf(instance, frame, true);
      if (parts === undefined) return undefined;
      try {
        return await use(parts);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'STORED_FILE_CHANGED') throw error;
        storage.forget?.(instance.storageKey);
        const read = await partsOf(instance, frame, false);
        if (read === undefined) throw error;
        return use(read);
      }
    },
    async whole(instance) {
      bytesRead += instance.fileSize;
      return storage.get(instance.storageKey);
    },
    get bytesRead() {
      return bytesRead;
    },
  };
}
