import type { EncodeFrameInfo } from '../codecs/encoders/encoder-input.js';
import type { DicomElement } from '../dicom-write/dicom-element.js';
import { elementsOf } from '../dicom-write/dictionary.js';
import { encapsulatedPixelData, nativePixelData } from '../dicom-write/pixel-data.js';
import type { PixelArray } from '../image/decoded-frame.js';
import { type DemoSyntax, demoSyntaxInfo } from './demo-syntax.js';

export interface EncodedPixelData {
  transferSyntaxUid: string;
  /** Pixel Data, and the Lossy Image Compression attributes. */
  elements: DicomElement[];
}

/** Frames as Pixel Data in `syntax`: native, or one compressed fragment a frame. */
export async function encodePixelData(
  frames: readonly PixelArray[],
  info: EncodeFrameInfo,
  syntax: DemoSyntax,
): Promise<EncodedPixelData> {
  const { transferSyntaxUid, encode, lossyMethod } = demoSyntaxInfo[syntax];
  if (encode === undefined) {
    return { transferSyntaxUid, elements: [nativePixelData(frames), ...elementsOf({ LossyImageCompression: '00' })] };
  }
  const fragments: Uint8Array[] = [];
  for (const frame of frames) fragments.push(await encode(frame, info));
  const nativeBytes = frames.reduce((sum, frame) => sum + frame.byteLength, 0);
  const encodedBytes = fragments.reduce((sum, fragment) => sum + fragment.length, 0);
  const lossy =
    lossyMethod === undefined
      ? {}
      : {
          LossyImageCompressionRatio: Number((nativeBytes / encodedBytes).toFixed(2)),
          LossyImageCompressionMethod: lossyMethod,
        };
  return {
    transferSyntaxUid,
    elements: [
      encapsulatedPixelData(fragments),
      ...elementsOf({ LossyImageCompression: lossyMethod === undefined ? '00' : '01', ...lossy }),
    ],
  };
}
