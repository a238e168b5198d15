import { Errors } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { applyBitsStored, createPixelArray } from '../image/pixel-array.js';
import type { FrameInfo } from './frame-codec.js';

export interface CodecOutput {
  /** Decoded samples, interleaved, native (little-endian) byte order, 1 or 2 (or 4) bytes a sample. */
  bytes: Uint8Array;
  bytesPerSample: number;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** Photometric interpretation of the output (e.g. RGB after a colour transform). */
  photometricInterpretation: string;
}

/**
 * Copy codec output (often a view into WASM memory) into an owned typed array of the frame's
 * BitsAllocated width and signedness, masked and sign-extended to BitsStored.
 */
export function toDecodedFrame(output: CodecOutput, info: FrameInfo, reductionLevel = 0): DecodedFrame {
  const { rows, columns, samplesPerPixel, bytesPerSample } = output;
  const count = rows * columns * samplesPerPixel;
  if (samplesPerPixel !== info.samplesPerPixel) {
    throw Errors.corruptPixelData(
      info.transferSyntaxUid,
      `decoded ${samplesPerPixel} samples a pixel, the data set says ${info.samplesPerPixel}`,
    );
  }
  if (output.bytes.length < count * bytesPerSample) {
    throw Errors.corruptPixelData(info.transferSyntaxUid, 'decoder returned fewer samples than the image holds');
  }
  const bitsAllocated = info.bitsAllocated === 1 ? 8 : info.bitsAllocated;
  const signed = info.pixelRepresentation === 1;
  const pixels = createPixelArray(bitsAllocated, signed, count);
  if (pixels.BYTES_PER_ELEMENT === bytesPerSample) {
    new Uint8Array(pixels.buffer).set(output.bytes.subarray(0, count * bytesPerSample));
  } else {
    const source = output.bytes;
    const view = new DataView(source.buffer, source.byteOffset, count * bytesPerSample);
    for (let i = 0; i < count; i++) {
      pixels[i] =
        bytesPerSample === 1
          ? view.getUint8(i)
          : bytesPerSample === 2
            ? view.getUint16(i * 2, true)
            : view.getUint32(i * 4, true);
    }
  }
  applyBitsStored(pixels, info.bitsStored, signed);
  const frame: DecodedFrame = {
    info: {
      rows,
      columns,
      samplesPerPixel,
      bitsAllocated: bitsAllocated as 8 | 16 | 32,
      bitsStored: info.bitsStored,
      pixelRepresentation: info.pixelRepresentation,
      photometricInterpretation: output.photometricInterpretation,
    },
    pixels,
  };
  if (reductionLevel > 0) frame.reductionLevel = reductionLevel;
  return frame;
}

/** Reject decoded dimensions that disagree with the data set (full-resolution decodes). */
export function expectDimensions(info: FrameInfo, rows: number, columns: number): void {
  if (rows !== info.rows || columns !== info.columns) {
    throw Errors.corruptPixelData(
      info.transferSyntaxUid,
      `decoded ${columns}×${rows}, the data set says ${info.columns}×${info.rows}`,
    );
  }
}

export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (typeof error === 'number') return `codec exception ${error}`;
  return 'codec failure';
}
