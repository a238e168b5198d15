import { z } from 'zod';

/** The progressive image routes: `/api/v1/images/{sopInstanceUid}/{kind}`. */
export const ImageKind = z.enum(['thumbnail', 'preview', 'full', 'rendered']);
export type ImageKind = z.infer<typeof ImageKind>;

/** One cache's counters since start, and what it holds now. */
export const CacheCounters = z.object({
  /** `redis` or `memory` for the rendered-image cache; `memory` for the in-process ones. */
  kind: z.enum(['redis', 'memory']),
  hits: z.number().int().nonnegative(),
  misses: z.number().int().nonnegative(),
  entries: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  maxBytes: z.number().int().nonnegative(),
});
export type CacheCounters = z.infer<typeof CacheCounters>;

/** GET /api/v1/images/cache-stats. */
export const ImageCacheStats = z.object({
  /** Encoded images (thumbnail, preview, full, rendered), in Redis or in process. */
  rendered: CacheCounters,
  /** Decoded frames (in process), reused for other windows and sizes of the same frame. */
  frames: CacheCounters,
  /** Images rendered by the engine since start (cache misses that did the work). */
  renders: z.number().int().nonnegative(),
  /** Requests that waited for an identical render already in progress instead of starting one. */
  coalesced: z.number().int().nonnegative(),
});
export type ImageCacheStats = z.infer<typeof ImageCacheStats>;

/** POST /api/v1/images/{sopInstanceUid}/invalidate-cache. */
export const ImageCacheInvalidation = z.object({
  sopInstanceUid: z.string(),
  rendered: z.number().int().nonnegative(),
  frames: z.number().int().nonnegative(),
});
export type ImageCacheInvalidation = z.infer<typeof ImageCacheInvalidation>;
