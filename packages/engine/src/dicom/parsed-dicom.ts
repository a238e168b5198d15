import type { DicomMetadata, FrameLocation } from '@lucent/shared';
import type { FrameInfo } from '../codecs/frame-codec.js';
import type { RenderingAttributes } from '../image/rendering-attributes.js';

/**
 * The result of `parseDicom(bytes)` (dicom/parse-dicom.ts). Holds the typed metadata model and
 * what decoding and rendering need, without copying pixel data.
 */
export interface ParsedDicom {
  metadata: DicomMetadata;
  transferSyntaxUid: string;
  /** The bytes that `frames[i]` offsets index: the input, or the inflated dataset when deflated. */
  bytes: Uint8Array;
  /** Undefined when the dataset has no pixel data. */
  frameInfo: FrameInfo | undefined;
  frames: FrameLocation[];
  encapsulated: boolean;
  /** Rendering attributes for frame `index` (shared + per-frame functional groups applied). */
  renderingAttributes(index: number): RenderingAttributes;
}
