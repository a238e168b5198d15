import { type DicomMetadata, RenderOptions, type RenderOptionsInput } from '@lucent/shared';
import type { DecodeOptions } from '../codecs/frame-codec.js';
import type { DicomJsonDataset, DicomJsonOptions } from '../dicom/dicom-json-model.js';
import { Errors } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import type { RenderedImage } from '../render/render-frame.js';
import type { FrameSummary } from '../tasks/decode-summary.js';
import { callOptions } from './call-options.js';
import type { BytesCallOptions } from './engine-options.js';
import { prepareInput } from './input-bytes.js';
import { TaskName } from './task-names.js';
import type { TaskRunner } from './task-runner.js';
import type { TaskTypes } from './task-types.js';

export interface DecodeCallOptions extends BytesCallOptions {
  /** Zero-based frame index (default 0). */
  frame?: number;
  /** JPEG 2000 / HTJ2K decode at the smallest resolution that still covers this box. */
  fitWithin?: DecodeOptions['fitWithin'];
}

export interface DicomJsonCallOptions extends BytesCallOptions, DicomJsonOptions {}

export interface DecodeSummaryCallOptions extends BytesCallOptions {
  /** Zero-based frame index (default 0). */
  frame?: number;
}

/** DICOM methods of the Engine. The input's buffer is detached unless `copy: true` (see BytesCallOptions). */
export interface EngineImaging {
  info(bytes: Uint8Array, options?: BytesCallOptions): Promise<DicomMetadata>;
  /** The DICOM JSON model (PS3.18 F.2) without bulk data, for WADO-RS metadata. */
  dicomJson(bytes: Uint8Array, options?: DicomJsonCallOptions): Promise<DicomJsonDataset>;
  decode(bytes: Uint8Array, options?: DecodeCallOptions): Promise<DecodedFrame>;
  /** Decode a frame and describe it: attributes as decoded, frame count, min/max/mean, SHA-256. */
  decodeSummary(bytes: Uint8Array, options?: DecodeSummaryCallOptions): Promise<FrameSummary>;
  render(bytes: Uint8Array, options: RenderOptionsInput, callOptions?: BytesCallOptions): Promise<RenderedImage>;
}

/**
 * Render options checked before anything is queued: a bad request fails at once, and only the
 * schema's own fields (plain data) are posted to the worker.
 */
export function validRenderOptions(options: RenderOptionsInput): RenderOptions {
  const parsed = RenderOptions.safeParse(options);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw Errors.invalidRenderOptions(
    issue === undefined ? 'invalid' : `${issue.path.join('.') || 'options'}: ${issue.message}`,
  );
}

type BytesTaskName =
  | typeof TaskName.info
  | typeof TaskName.dicomJson
  | typeof TaskName.decode
  | typeof TaskName.decodeSummary
  | typeof TaskName.render;

export function engineImaging(runner: TaskRunner): EngineImaging {
  /** Run a task whose input carries the DICOM bytes, transferring them (or a copy). */
  function runWithBytes<K extends BytesTaskName>(
    task: K,
    bytes: Uint8Array,
    options: BytesCallOptions,
    input: (sent: Uint8Array) => TaskTypes[K]['input'],
  ): Promise<TaskTypes[K]['output']> {
    const prepared = prepareInput(bytes, options.copy);
    return runner.run(task, input(prepared.bytes), {
      ...callOptions(options),
      transferList: prepared.transferList,
    });
  }
  return {
    async info(bytes, options = {}) {
      return runWithBytes(TaskName.info, bytes, options, (sent) => ({ bytes: sent }));
    },
    async dicomJson(bytes, options = {}) {
      const jsonOptions: DicomJsonOptions = {
        ...(options.inlineBinaryMaxBytes === undefined ? {} : { inlineBinaryMaxBytes: options.inlineBinaryMaxBytes }),
        ...(options.bulkDataUriPrefix === undefined ? {} : { bulkDataUriPrefix: options.bulkDataUriPrefix }),
      };
      return runWithBytes(TaskName.dicomJson, bytes, options, (sent) => ({ bytes: sent, options: jsonOptions }));
    },
    async decode(bytes, options = {}) {
      return runWithBytes(TaskName.decode, bytes, options, (sent) => ({
        bytes: sent,
        ...(options.frame === undefined ? {} : { frame: options.frame }),
        ...(options.fitWithin === undefined ? {} : { fitWithin: options.fitWithin }),
      }));
    },
    async decodeSummary(bytes, options = {}) {
      return runWithBytes(TaskName.decodeSummary, bytes, options, (sent) => ({
        bytes: sent,
        ...(options.frame === undefined ? {} : { frame: options.frame }),
      }));
    },
    async render(bytes, options, callOpts = {}) {
      const renderOptions = validRenderOptions(options);
      return runWithBytes(TaskName.render, bytes, callOpts, (sent) => ({ bytes: sent, options: renderOptions }));
    },
  };
}
