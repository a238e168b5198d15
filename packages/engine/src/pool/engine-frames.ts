import type { RenderOptionsInput } from '@lucent/shared';
import type { DecodeOptions } from '../codecs/frame-codec.js';
import type { RenderedImage } from '../render/render-frame.js';
import type { CopyExpectation } from '../stored-files/decoded-copy.js';
import type { StoredBytesRef } from '../stored-files/read-stored-bytes.js';
import type { DecodedFrameWithAttributes, FrameParts } from '../tasks/frame-parts.js';
import type { PartsRendering } from '../tasks/render-parts.js';
import { callOptions } from './call-options.js';
import { validRenderOptions } from './engine-imaging.js';
import type { CallOptions } from './engine-options.js';
import { TaskName } from './task-names.js';
import type { TaskRunner } from './task-runner.js';
import { ownsBuffer } from './transfer.js';

export interface DecodePartsCallOptions extends CallOptions {
  fitWithin?: DecodeOptions['fitWithin'];
  /** The frame a render inside this box starts from (a reduced copy: see tasks/decode-parts.ts). */
  reduceWithin?: { width: number; height: number };
}

export interface RenderPartsCallOptions extends CallOptions {
  /** Return the full-resolution decoded frame too (not when a reduced JPEG 2000 level sufficed). */
  keepDecoded?: boolean;
}

/**
 * Frame-level methods of the Engine: work on one frame's bytes plus the file's prefix (so a server
 * reads only that frame of a multi-frame file), and render an already decoded frame. The parts'
 * buffers are transferred when they own them (detached in the caller); decoded pixels are cloned,
 * or shared without a copy when they live in a SharedArrayBuffer.
 */
export interface EngineFrames {
  decodeParts(parts: FrameParts, options?: DecodePartsCallOptions): Promise<DecodedFrameWithAttributes>;
  renderParts(parts: FrameParts, options: RenderOptionsInput, call?: RenderPartsCallOptions): Promise<PartsRendering>;
  renderDecoded(
    decoded: DecodedFrameWithAttributes,
    options: RenderOptionsInput,
    call?: CallOptions,
  ): Promise<RenderedImage>;
  /**
   * Render the frame kept in a stored decoded copy, read by the worker; undefined when the copy is
   * not the expected one (see tasks/render-copy.ts). STORED_FILE_MISSING / STORED_FILE_CHANGED as
   * for any stored read.
   */
  renderCopy(
    copy: StoredBytesRef,
    expect: CopyExpectation,
    options: RenderOptionsInput,
    call?: CallOptions,
  ): Promise<RenderedImage | undefined>;
}

function transferListOf(parts: FrameParts): ArrayBuffer[] {
  const list: ArrayBuffer[] = [];
  for (const view of [parts.prefix, parts.frame]) {
    if (view instanceof Uint8Array && ownsBuffer(view) && !list.includes(view.buffer)) list.push(view.buffer);
  }
  return list;
}

export function engineFrames(runner: TaskRunner): EngineFrames {
  return {
    decodeParts(parts, options = {}) {
      return runner.run(
        TaskName.decodeParts,
        {
          parts,
          ...(options.fitWithin === undefined ? {} : { fitWithin: options.fitWithin }),
          ...(options.reduceWithin === undefined ? {} : { reduceWithin: options.reduceWithin }),
        },
        { ...callOptions(options), transferList: transferListOf(parts) },
      );
    },
    async renderParts(parts, options, call = {}) {
      const renderOptions = validRenderOptions(options);
      return runner.run(
        TaskName.renderParts,
        { parts, options: renderOptions, ...(call.keepDecoded === true ? { keepDecoded: true } : {}) },
        { ...callOptions(call), transferList: transferListOf(parts) },
      );
    },
    async renderDecoded(decoded, options, call = {}) {
      const renderOptions = validRenderOptions(options);
      return runner.run(TaskName.renderDecoded, { decoded, options: renderOptions }, callOptions(call));
    },
    async renderCopy(copy, expect, options, call = {}) {
      const renderOptions = validRenderOptions(options);
      return runner.run(TaskName.renderCopy, { copy, expect, options: renderOptions }, callOptions(call));
    },
  };
}
