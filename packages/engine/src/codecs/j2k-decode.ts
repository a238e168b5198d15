import { Errors, isEngineError } from '../errors/engine-error.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import { expectDimensions, reasonOf, toDecodedFrame } from './decoded-samples.js';
import { type EmbindDecoder, type EmbindDecoderClass, withDecoder } from './embind-decoder.js';
import type { DecodeOptions, FrameInfo } from './frame-codec.js';
import { type J2kHeader, readJ2kHeader } from './j2k-codestream.js';
import { unwrapJp2 } from './j2k-jp2-file.js';
import { chooseDecompositionLevel, sizeAtLevel } from './j2k-resolution.js';

/** The OpenJPEG and OpenJPH embind decoders share this interface. */
export interface J2kDecoder extends EmbindDecoder {
  decodeSubResolution(decompositionLevel: number, layer: number): void;
}

const TRANSFORMED = new Set(['YBR_RCT', 'YBR_ICT']);

/** Colour after decoding: the codec undoes RCT/ICT, so such 3-sample output is RGB. */
function outputPhotometric(header: J2kHeader, info: FrameInfo): string {
  const transformed = header.colourTransform || TRANSFORMED.has(info.photometricInterpretation);
  return header.components.length === 3 && transformed ? 'RGB' : info.photometricInterpretation;
}

function checkHeader(header: J2kHeader, info: FrameInfo): number {
  const uid = info.transferSyntaxUid;
  expectDimensions(info, header.height, header.width);
  if (header.components.length !== info.samplesPerPixel) {
    throw Errors.corruptPixelData(
      uid,
      `codestream has ${header.components.length} components, the data set says ${info.samplesPerPixel} samples`,
    );
  }
  const precision = Math.max(...header.components.map((c) => c.precision));
  if (precision > 16) throw Errors.corruptPixelData(uid, `${precision}-bit JPEG 2000 samples are not supported`);
  if (header.components.some((c) => c.dx !== 1 || c.dy !== 1)) {
    throw Errors.corruptPixelData(uid, 'subsampled JPEG 2000 components are not supported');
  }
  return precision > 8 ? 2 : 1;
}

/**
 * Decode a JPEG 2000 / HTJ2K frame (bare codestream or JP2 file), at a reduced resolution when
 * `fitWithin` is smaller than the image. Samples are read as the data set's PixelRepresentation
 * and BitsStored say, whatever the codestream's own signedness (see jpeg2000.ts).
 */
export function decodeJ2k(
  decoderFor: (header: J2kHeader) => EmbindDecoderClass<J2kDecoder>,
  bytes: Uint8Array,
  info: FrameInfo,
  options: DecodeOptions | undefined,
): DecodedFrame {
  const uid = info.transferSyntaxUid;
  try {
    const codestream = unwrapJp2(bytes, uid);
    const header = readJ2kHeader(codestream, uid);
    const bytesPerSample = checkHeader(header, info);
    const level = chooseDecompositionLevel(header, options?.fitWithin);
    const size = sizeAtLevel(header, level);
    const expected = size.width * size.height * header.components.length * bytesPerSample;
    return withDecoder(
      decoderFor(header),
      codestream,
      (decoder) => (level === 0 ? decoder.decode() : decoder.decodeSubResolution(level, 0)),
      (decoder) => {
        const decoded = decoder.getDecodedBuffer();
        if (decoded.length !== expected) {
          throw Errors.corruptPixelData(uid, `decoder produced ${decoded.length} bytes, ${expected} expected`);
        }
        const output = {
          bytes: decoded,
          bytesPerSample,
          rows: size.height,
          columns: size.width,
          samplesPerPixel: header.components.length,
          photometricInterpretation: outputPhotometric(header, info),
        };
        return toDecodedFrame(output, info, level);
      },
    );
  } catch (error) {
    if (isEngineError(error)) throw error;
    throw Errors.corruptPixelData(uid, reasonOf(error), error);
  }
}
