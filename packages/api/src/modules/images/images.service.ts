import type { DecodedFrameWithAttributes, Engine, RenderedImage } from '@lucent/engine';
import type { ImageCacheInvalidation, ImageCacheStats, ImageFormat } from '@lucent/shared';
import type { KeyValueCache } from '../../cache/key-value-cache.js';
import type { Database } from '../../db/open-database.js';
import type { Metrics } from '../../observability/metrics.js';
import type { FacilityScope } from '../../security/auth-context.js';
import { ALL_FACILITIES, assertInScope } from '../../security/facility-scope.js';
import type { BlobStore } from '../../storage/blob-store.js';
import { createByteLru } from './byte-lru.js';
import { createDecodedFrameCache } from './decoded-frame-cache.js';
import { createDerivedFrames, type DerivedFrames, servedByReducedCopy } from './derived-frames.js';
import { createFrameSource, type FrameSource } from './frame-source.js';
import { checkFrame, createImageInstances, type ImageInstance, type ImageInstances } from './image-instances.js';
import { IMAGE_TTL_SECONDS, type ImageRequest, renderOptionsOf, variantDigest } from './image-request.js';
import { createSingleFlight } from './single-flight.js';

export interface ImageAnswer {
  etag: string;
  ttlSeconds: number;
  /** Undefined when the client's If-None-Match matched (304: nothing decoded, nothing read). */
  image?: { data: Uint8Array; format: ImageFormat; mimeType: string };
}

export interface PixelsAnswer {
  etag: string;
  pixels?: {
    data: Uint8Array;
    rows: number;
    columns: number;
    bitsAllocated: number;
    bitsStored: number;
    pixelRepresentation: number;
    samplesPerPixel: number;
    photometricInterpretation: string;
    frames: number;
  };
}

export interface ImagesService {
  /** `scope`: the caller's facilities, checked before any cache or ETag answer (another facility's → 404). */
  render(
    sopInstanceUid: string,
    scope: FacilityScope,
    request: ImageRequest,
    ifNoneMatch?: (etag: string) => boolean,
    /** The request's signal, asked for only when the image has to be rendered (not for a cached one). */
    signal?: () => AbortSignal,
  ): Promise<ImageAnswer>;
  pixels(
    sopInstanceUid: string,
    scope: FacilityScope,
    frame: number,
    ifNoneMatch?: (etag: string) => boolean,
    signal?: () => AbortSignal,
  ): Promise<PixelsAnswer>;
  file(
    sopInstanceUid: string,
    scope: FacilityScope,
  ): Promise<{ etag: string; instance: ImageInstance; read(): Promise<Uint8Array> }>;
  /** Drop the instance's cached images and frames; another facility's instance → 404, nothing dropped. */
  invalidate(sopInstanceUid: string, scope: FacilityScope): Promise<ImageCacheInvalidation>;
  stats(): Promise<ImageCacheStats>;
  /** After ingest: invalidate a replaced instance, write decoded and reduced copies, pre-render the thumbnail. */
  afterStored(sopInstanceUid: string, file: Uint8Array, replaced: boolean): Promise<void>;
  readonly instances: ImageInstances;
  readonly source: FrameSource;
}

export interface ImagesDependencies {
  db: Database;
  storage: BlobStore;
  engine: Engine;
  cache: KeyValueCache;
  metrics: Metrics;
  renderCacheMaxBytes: number;
  renderCacheMaxItemBytes: number;
  frameCacheMaxBytes: number;
  prerenderThumbnails: boolean;
  derivedJ2kFrames: boolean;
  /** Keep each large frame's thumbnail render source (a reduced copy) beside the file, written after ingest. */
  derivedReducedFrames: boolean;
}

interface FrontEntry {
  data: Uint8Array;
  expiresAt: number;
}
const FRONT_MAX_BYTES = 64 * 1024 * 1024;
const FRONT_TTL_MS = 30_000;

const renderKeyPrefix = (sopInstanceUid: string) => `img:${sopInstanceUid}:`;
const frameKeyOf = (instance: ImageInstance, frame: number) => `${instance.sopInstanceUid}:${instance.sha256}:${frame}`;

export function createImagesService(deps: ImagesDependencies): ImagesService {
  const { engine, cache, metrics } = deps;
  const instances = createImageInstances(deps.db, { ttlMs: 5000, maxEntries: 10_000 });
  const source = createFrameSource(deps.storage);
  const derived: DerivedFrames = createDerivedFrames(deps.storage, engine);
  const frames = createDecodedFrameCache(deps.frameCacheMaxBytes);
  const renderFlight = createSingleFlight<RenderedImage>();
  const decodeFlight = createSingleFlight<DecodedFrameWithAttributes>();
  const counters = { renderHits: 0, renderMisses: 0, frameHits: 0, frameMisses: 0, renders: 0 };
  const cacheEnabled = deps.renderCacheMaxBytes > 1 && deps.renderCacheMaxItemBytes > 1;
  /**
   * With Redis, hot images are also kept in process for a short while (FRONT_TTL_MS), sparing the
   * Redis round trip on the warm path. Keys carry the instance's content hash, so an overwrite can
   * never be served stale; an explicit invalidation reaches other processes' fronts within the TTL.
   */
  const front =
    cacheEnabled && cache.kind === 'redis'
      ? createByteLru<FrontEntry>(Math.min(FRONT_MAX_BYTES, deps.renderCacheMaxBytes), (entry) => entry.data.byteLength)
      : undefined;
  const frontGet = (key: string): Uint8Array | undefined => {
    const entry = front?.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > Date.now()) return entry.data;
    front?.delete(key);
    return undefined;
  };
  const frontSet = (key: string, data: Uint8Array, ttlSeconds: number) => {
    front?.set(key, { data, expiresAt: Date.now() + Math.min(FRONT_TTL_MS, ttlSeconds * 1000) });
  };

  const count = (which: 'render' | 'frame', hit: boolean) => {
    if (which === 'render') counters[hit ? 'renderHits' : 'renderMisses']++;
    else counters[hit ? 'frameHits' : 'frameMisses']++;
    metrics.cacheRequests.inc({ cache: which === 'render' ? 'rendered' : 'frames', result: hit ? 'hit' : 'miss' });
  };

  /**
   * The decoded frame from the LRU, or from a J2K decoded copy when `useCopy` (a full-size frame is
   * worth reading); undefined when it has to be decoded.
   */
  async function knownFrame(
    instance: ImageInstance,
    frame: number,
    useCopy = true,
  ): Promise<DecodedFrameWithAttributes | undefined> {
    const key = frameKeyOf(instance, frame);
    const hit = frames.get(key);
    count('frame', hit !== undefined);
    if (hit !== undefined) return hit;
    if (!deps.derivedJ2kFrames || !useCopy) return undefined;
    const copy = await derived.read(instance, frame);
    return copy === undefined ? undefined : frames.set(key, copy);
  }

  /** Decode + render, reusing a decoded frame when one is at hand and keeping a full-size decode. */
  async function produce(instance: ImageInstance, request: ImageRequest): Promise<RenderedImage> {
    counters.renders++;
    const options = renderOptionsOf(request);
    if (deps.derivedReducedFrames && servedByReducedCopy(request.width, request.height)) {
      const rendered = await derived.renderReduced(instance, request.frame, options);
      if (rendered !== undefined) return rendered;
    }
    const known = await knownFrame(instance, request.frame, needsFullResolution(instance, request));
    if (known !== undefined) return engine.renderDecoded(known, options);
    const keepDecoded = deps.frameCacheMaxBytes > 1;
    const rendering = await source.withParts(instance, request.frame, (parts) =>
      engine.renderParts(parts, options, { keepDecoded }),
    );
    if (rendering === undefined) return engine.render(await source.whole(instance), options);
    if (rendering.decoded !== undefined) frames.set(frameKeyOf(instance, request.frame), rendering.decoded);
    return rendering.image;
  }

  async function decoded(instance: ImageInstance, frame: number): Promise<DecodedFrameWithAttributes> {
    const known = await knownFrame(instance, frame);
    if (known !== undefined) return known;
    return decodeFlight.run(frameKeyOf(instance, frame), async () => {
      const fromParts = await source.withParts(instance, frame, (parts) => engine.decodeParts(parts));
      if (fromParts === undefined) {
        // Deflated or bit-shifted 1-bit data: the whole file; attributes are not needed for pixels.
        const frameOnly = await engine.decode(await source.whole(instance), { frame });
        return {
          frame: frameOnly,
          attributes: {
            photometricInterpretation: frameOnly.info.photometricInterpretation,
            bitsStored: frameOnly.info.bitsStored,
            pixelRepresentation: frameOnly.info.pixelRepresentation,
            rescaleSlope: 1,
            rescaleIntercept: 0,
            windows: [],
            voiLuts: [],
          },
        };
      }
      return frames.set(frameKeyOf(instance, frame), fromParts);
    });
  }

  /** Forget everything cached of an instance: its row, rendered images (Redis and in process) and decoded frames. */
  async function dropCached(sopInstanceUid: string): Promise<ImageCacheInvalidation> {
    instances.forget(sopInstanceUid);
    front?.deleteByPrefix(renderKeyPrefix(sopInstanceUid));
    const rendered = await cache.deleteByPrefix(renderKeyPrefix(sopInstanceUid));
    const frameEntries = frames.deleteByPrefix(`${sopInstanceUid}:`);
    return { sopInstanceUid, rendered, frames: frameEntries };
  }

  const service: ImagesService = {
    instances,
    source,
    async render(sopInstanceUid, scope, request, ifNoneMatch, signal) {
      const instance = await instances.get(sopInstanceUid);
      assertInScope(scope, instance.facilityId);
      checkFrame(instance, request.frame);
      const digest = variantDigest(instance.sha256, request);
      const etag = `"${digest}"`;
      const ttlSeconds = IMAGE_TTL_SECONDS[request.kind];
      if (ifNoneMatch?.(etag) === true) return { etag, ttlSeconds };
      const key = `${renderKeyPrefix(sopInstanceUid)}${digest}`;
      if (cacheEnabled) {
        const hot = frontGet(key);
        const cached = hot ?? (await cache.get(key));
        count('render', cached !== undefined);
        if (cached !== undefined) {
          if (hot === undefined) frontSet(key, cached, ttlSeconds);
          return { etag, ttlSeconds, image: imageOf(cached, request.format) };
        }
      }
      // Shared work runs without the first caller's signal (others may still want it); each caller
      // stops waiting when its own request is aborted.
      const work = renderFlight.run(key, async () => {
        const image = await produce(instance, request);
        if (cacheEnabled && image.data.byteLength <= deps.renderCacheMaxItemBytes) {
          await cache.set(key, image.data, ttlSeconds).catch(() => undefined);
          frontSet(key, image.data, ttlSeconds);
        }
        return image;
      });
      const image = await abortable(work, signal?.());
      return { etag, ttlSeconds, image: { data: image.data, format: image.format, mimeType: image.mimeType } };
    },
    async pixels(sopInstanceUid, scope, frame, ifNoneMatch, signal) {
      const instance = await instances.get(sopInstanceUid);
      assertInScope(scope, instance.facilityId);
      checkFrame(instance, frame);
      const etag = `"${instance.sha256.slice(0, 16)}-px${frame + 1}"`;
      if (ifNoneMatch?.(etag) === true) return { etag };
      const raw = rawPixelsPossible(instance);
      if (raw) {
        const location = instance.frames[frame];
        const expected =
          (instance.rows ?? 0) *
          (instance.columns ?? 0) *
          (instance.samplesPerPixel ?? 1) *
          ((instance.bitsAllocated ?? 0) / 8);
        if (location !== undefined && location.length === expected) {
          const data = await deps.storage.getRange(instance.storageKey, location.offset, location.length);
          return { etag, pixels: { data, ...headerOf(instance) } };
        }
      }
      const { frame: decodedFrame } = await abortable(decoded(instance, frame), signal?.());
      const { pixels, info } = decodedFrame;
      return {
        etag,
        pixels: {
          data: unsharedBytes(pixels),
          rows: info.rows,
          columns: info.columns,
          bitsAllocated: pixels.BYTES_PER_ELEMENT * 8,
          bitsStored: info.bitsStored,
          pixelRepresentation: info.pixelRepresentation,
          samplesPerPixel: info.samplesPerPixel,
          photometricInterpretation: info.photometricInterpretation,
          frames: instance.frames.length,
        },
      };
    },
    async file(sopInstanceUid, scope) {
      const instance = await instances.get(sopInstanceUid);
      assertInScope(scope, instance.facilityId);
      return { etag: `"${instance.sha256}"`, instance, read: () => source.whole(instance) };
    },
    async invalidate(sopInstanceUid, scope) {
      const instance = await instances.get(sopInstanceUid);
      assertInScope(scope, instance.facilityId);
      return dropCached(sopInstanceUid);
    },
    async stats() {
      const size = await cache.size();
      return {
        rendered: {
          kind: cache.kind,
          hits: counters.renderHits,
          misses: counters.renderMisses,
          entries: size.entries,
          bytes: size.bytes,
          maxBytes: deps.renderCacheMaxBytes,
        },
        frames: {
          kind: 'memory',
          hits: counters.frameHits,
          misses: counters.frameMisses,
          entries: frames.lru.entries,
          bytes: frames.lru.bytes,
          maxBytes: frames.lru.maxBytes,
        },
        renders: counters.renders,
        coalesced: renderFlight.coalesced,
      };
    },
    async afterStored(sopInstanceUid, file, replaced) {
      if (replaced) await dropCached(sopInstanceUid);
      else instances.forget(sopInstanceUid);
      const instance = await instances.get(sopInstanceUid);
      if (deps.derivedJ2kFrames) await derived.write(instance, file);
      if (deps.derivedReducedFrames) await derived.writeReduced(instance, file);
      if (deps.prerenderThumbnails && instance.frames.length > 0) {
        await service.render(sopInstanceUid, ALL_FACILITIES, {
          kind: 'thumbnail',
          frame: 0,
          width: 128,
          height: 128,
          format: 'jpeg',
          quality: 90,
        });
      }
    },
  };
  return service;
}

function imageOf(data: Uint8Array, format: ImageFormat) {
  return { data, format, mimeType: `image/${format}` };
}

/**
 * Whether a render needs (about) every pixel: JPEG 2000 decodes a smaller output from a reduced
 * resolution level faster than a full-size decoded copy can be read and resized (a 1024² thumbnail:
 * ~50 ms against ~110 ms measured), so copies serve only outputs larger than half the image.
 */
function needsFullResolution(instance: ImageInstance, request: ImageRequest): boolean {
  const columns = instance.columns ?? 0;
  const rows = instance.rows ?? 0;
  const scale = Math.min(
    request.width === undefined ? 1 : request.width / columns,
    request.height === undefined ? 1 : request.height / rows,
  );
  return scale > 0.5;
}

/** Native little-endian data whose stored bytes are already the decoded values. */
function rawPixelsPossible(instance: ImageInstance): boolean {
  const littleEndian =
    instance.transferSyntaxUid === '1.2.840.10008.1.2' || instance.transferSyntaxUid === '1.2.840.10008.1.2.1';
  const { bitsAllocated, bitsStored, samplesPerPixel, planarConfiguration, photometricInterpretation } = instance;
  return (
    littleEndian &&
    instance.pixelOffsetBase === 'file' &&
    (bitsAllocated === 8 || bitsAllocated === 16 || bitsAllocated === 32) &&
    bitsStored === bitsAllocated &&
    (samplesPerPixel === 1 || planarConfiguration === 0 || planarConfiguration === null) &&
    !(photometricInterpretation ?? '').startsWith('YBR_FULL_422')
  );
}

/** A response body cannot be a view of shared memory: copy those (the cached frame stays shared). */
function unsharedBytes(pixels: ArrayBufferView): Uint8Array {
  const view = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  if (!(pixels.buffer instanceof SharedArrayBuffer)) return view;
  const copy = new Uint8Array(view.byteLength);
  copy.set(view);
  return copy;
}

function headerOf(instance: ImageInstance) {
  return {
    rows: instance.rows ?? 0,
    columns: instance.columns ?? 0,
    bitsAllocated: instance.bitsAllocated ?? 0,
    bitsStored: instance.bitsStored ?? 0,
    pixelRepresentation: instance.pixelRepresentation ?? 0,
    samplesPerPixel: instance.samplesPerPixel ?? 1,
    photometricInterpretation: instance.photometricInterpretation ?? 'MONOCHROME2',
    frames: instance.frames.length,
  };
}

/** Wait for shared work, but give up (with the signal's reason) when this caller's request is aborted. */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
