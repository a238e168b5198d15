import { z } from 'zod';
import { ErrorCode } from '../errors/error-code.schema.js';

/** Attributes of a decoded frame as the decoder produced it (planar data is interleaved). */
export const DecodedFrameInfo = z.object({
  rows: z.number().int().nonnegative(),
  columns: z.number().int().nonnegative(),
  samplesPerPixel: z.number().int().positive(),
  bitsAllocated: z.union([z.literal(1), z.literal(8), z.literal(16), z.literal(32)]),
  bitsStored: z.number().int().positive(),
  pixelRepresentation: z.union([z.literal(0), z.literal(1)]),
  /** As decoded: e.g. YBR_FULL_422 JPEG baseline decodes to RGB when the codec converts colour. */
  photometricInterpretation: z.string(),
});
export type DecodedFrameInfo = z.infer<typeof DecodedFrameInfo>;

/** One line of `lucent-engine decode`. */
export const DecodeSummary = z.union([
  DecodedFrameInfo.extend({
    file: z.string(),
    frame: z.number().int().nonnegative(),
    frames: z.number().int().positive(),
    min: z.number(),
    max: z.number(),
    mean: z.number(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  z.object({ file: z.string(), error: ErrorCode, message: z.string() }),
]);
export type DecodeSummary = z.infer<typeof DecodeSummary>;
