import { Errors, isEngineError } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { expectDimensions, reasonOf, toDecodedFrame } from './decoded-samples.js';
import type { EmbindDecoder, EmbindDecoderClass } from './embind-decoder.js';
import { withDecoder } from './embind-decoder.js';
import type { DecodeOptions, FrameInfo } from './frame-codec.js';
import { chooseDecompositionLevel, unwrapJp2 } from './j2k-resolution.js';

/** The OpenJPEG and OpenJPH embind decoders share this interface. */
export interface J2kDecoder extends EmbindDecoder {
  readHeader(): void;
  getNumDecompositions(): number;
  decodeSubResolution(decompositionLevel: number, layer: number): void;
}

/**
 * Decode a JPEG 2000 / HTJ2K codestream, at a reduced resolution when `fitWithin` is smaller than
 * the image. Colour transforms (RCT/ICT) are undone by the codec, so 3-component output is RGB.
 */
export function decodeJ2k(
  DecoderClass: EmbindDecoderClass<J2kDecoder>,
  bytes: Uint8Array,
  info: FrameInfo,
  options: DecodeOptions | undefined,
): DecodedFrame {
  try {
    const codestream = unwrapJp2(bytes);
    return withDecoder(
      DecoderClass,
      codestream,
      (decoder) => {
        decoder.readHeader();
        const header = decoder.getFrameInfo();
        const level = chooseDecompositionLevel(
          { width: header.width, height: header.height },
          options?.fitWithin,
          decoder.getNumDecompositions(),
        );
        if (level === 0) decoder.decode();
        else decoder.decodeSubResolution(level, 0);
        (decoder as J2kDecoder & { level?: number }).level = level;
      },
      (decoder) => {
        const level = (decoder as J2kDecoder & { level?: number }).level ?? 0;
        const frame = decoder.getFrameInfo();
        const full = { rows: frame.height, columns: frame.width };
        if (level === 0) expectDimensions(info, full.rows, full.columns);
        const decoded = decoder.getDecodedBuffer();
        const samples = frame.componentCount;
        const bytesPerSample = frame.bitsPerSample > 8 ? 2 : 1;
        const pixelCount = decoded.length / (bytesPerSample * samples);
        // After a reduced decode the frame info still reports the full size: derive the reduced one.
        const columns = level === 0 ? full.columns : Math.ceil(full.columns / 2 ** level);
        const rows = level === 0 ? full.rows : Math.floor(pixelCount / columns);
        return toDecodedFrame(
          {
            bytes: decoded,
            bytesPerSample,
            rows,
            columns,
            samplesPerPixel: samples,
            photometricInterpretation: samples === 3 ? 'RGB' : info.photometricInterpretation,
          },
          info,
          level,
        );
      },
    );
  } catch (error) {
    if (isEngineError(error)) throw error;
    throw Errors.corruptPixelData(info.transferSyntaxUid, reasonOf(error), error);
  }
}
