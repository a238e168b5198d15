import { RenderOptions, type RenderOptionsInput } from '@lucent/shared';
import { Errors, isEngineError } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import type { RenderingAttributes } from '../image/rendering-attributes.js';
import { boxFactor, boxReduce, reducibleBeforeRendering } from './box-reduce.js';
import { checkFrame, type DisplayPixels, toDisplayPixels } from './display-pixels.js';
import { encodeImage, type RenderedImage } from './encode-image.js';
import { isValidWindow } from './voi-window.js';

export type { RenderedImage } from './encode-image.js';

/**
 * Validate rendering options with the shared zod schema (the first problem names the error) and the
 * window width rule of PS3.3 C.11.2.1.2, so callers can reject bad options before decoding.
 */
export function parseRenderOptions(options: RenderOptionsInput): RenderOptions {
  const parsed = RenderOptions.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'options' : issue.path.join('.');
    throw Errors.invalidRenderOptions(`${where}: ${issue?.message ?? 'invalid'}`);
  }
  const { window } = parsed.data;
  if (window !== undefined && !isValidWindow(window)) {
    throw Errors.invalidRenderOptions(
      `window.width: ${window.width} is not valid for ${window.function} (LINEAR needs ≥ 1, others > 0)`,
    );
  }
  return parsed.data;
}

/**
 * The frame a render inside `width` × `height` works from: the frame itself, or, when it is at least
 * twice as large as the box, box-reduced by the whole part of the scale (stored samples averaged:
 * see box-reduce.ts) where averaging commutes with rendering. Rendering the result inside the same
 * box gives the same image as rendering the frame, which is what lets a server keep it (a reduced
 * copy) and render thumbnails from it. Throws EngineError (RENDER_FAILED) for an inconsistent frame.
 */
export function renderSource(
  frame: DecodedFrame,
  attributes: RenderingAttributes,
  width?: number,
  height?: number,
): DecodedFrame {
  checkFrame(frame);
  const factor = boxFactor(frame.info.columns, frame.info.rows, width, height);
  return factor > 1 && reducibleBeforeRendering(frame, attributes) ? boxReduce(frame, factor) : frame;
}

/**
 * Render a decoded frame: modality LUT → VOI → MONOCHROME1 → 8-bit grey, or palette / colour
 * conversion to RGB; then fit inside width × height (never upscaled) and encode. `options.frame`
 * is not used: the caller decoded the frame it wants. Rendering starts from `renderSource`, so a
 * thumbnail renders a few thousand samples, not a million. Throws EngineError only.
 */
export async function renderFrame(
  frame: DecodedFrame,
  attributes: RenderingAttributes,
  options: RenderOptionsInput,
): Promise<RenderedImage> {
  const parsed = parseRenderOptions(options);
  let pixels: DisplayPixels;
  try {
    pixels = toDisplayPixels(renderSource(frame, attributes, parsed.width, parsed.height), attributes, parsed.window);
  } catch (error) {
    if (isEngineError(error)) throw error;
    throw Errors.renderFailed(error instanceof Error ? error.message : 'pixel conversion failed', error);
  }
  return encodeImage(pixels, parsed);
}
