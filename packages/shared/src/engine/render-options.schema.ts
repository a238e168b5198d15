import { z } from 'zod';

/** VOI LUT Function, PS3.3 C.11.2.1.2. */
export const VoiLutFunction = z.enum(['LINEAR', 'LINEAR_EXACT', 'SIGMOID']);
export type VoiLutFunction = z.infer<typeof VoiLutFunction>;

export const WindowSpec = z.object({
  center: z.number().finite(),
  width: z.number().finite(),
  function: VoiLutFunction.default('LINEAR'),
});
export type WindowSpec = z.infer<typeof WindowSpec>;
export type WindowSpecInput = z.input<typeof WindowSpec>;

export const ImageFormat = z.enum(['jpeg', 'png', 'webp', 'avif']);
export type ImageFormat = z.infer<typeof ImageFormat>;

export const RenderOptions = z.object({
  /** Zero-based frame index. */
  frame: z.number().int().nonnegative().default(0),
  /** Fit inside width × height keeping the aspect ratio; never upscales. */
  width: z.number().int().positive().max(16384).optional(),
  height: z.number().int().positive().max(16384).optional(),
  /** Caller window; otherwise the file's window, otherwise a default from the pixel range. */
  window: WindowSpec.optional(),
  format: ImageFormat.default('jpeg'),
  /** 1–100, for jpeg, webp and avif. */
  quality: z.number().int().min(1).max(100).default(90),
});
export type RenderOptions = z.infer<typeof RenderOptions>;
export type RenderOptionsInput = z.input<typeof RenderOptions>;

/** Parse `C,W[,FN]` as used by the CLI and the REST API. */
export function parseWindowSpec(text: string): WindowSpec | undefined {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length < 2 || parts.length > 3) return undefined;
  const center = Number(parts[0]);
  const width = Number(parts[1]);
  const fn = VoiLutFunction.safeParse((parts[2] ?? 'LINEAR').toUpperCase());
  if (!Number.isFinite(center) || !Number.isFinite(width) || !fn.success) return undefined;
  return { center, width, function: fn.data };
}
