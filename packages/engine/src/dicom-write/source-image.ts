import sharp from 'sharp';
import { readJpegHeader } from '../codecs/jpeg-markers.js';
import { TransferSyntax } from '../dicom/transfer-syntax.js';
import { Errors, isEngineError } from '../errors/engine-error.js';

/** An image ready to store: a baseline JPEG to encapsulate as it is, or 8-bit native pixels. */
export type SourceImage =
  | {
      kind: 'jpeg-baseline';
      format: 'jpeg';
      rows: number;
      columns: number;
      samplesPerPixel: 1 | 3;
      photometricInterpretation: 'MONOCHROME2' | 'YBR_FULL_422' | 'YBR_FULL' | 'RGB';
      bytes: Uint8Array;
    }
  | {
      kind: 'native';
      format: 'jpeg' | 'png';
      rows: number;
      columns: number;
      samplesPerPixel: 1 | 3;
      photometricInterpretation: 'MONOCHROME2' | 'RGB';
      pixels: Uint8Array;
    };

const MAX_SIDE = 0xffff; // Rows and Columns are US

const isJpeg = (bytes: Uint8Array) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

/** A baseline 8-bit JPEG of 1 or 3 components as DICOM JPEG Baseline stores it, or undefined. */
function baselineJpeg(bytes: Uint8Array): SourceImage | undefined {
  let header: ReturnType<typeof readJpegHeader>;
  try {
    header = readJpegHeader(bytes, TransferSyntax.JpegBaseline);
  } catch (error) {
    if (!isEngineError(error)) throw error;
    throw Errors.invalidImage(`broken JPEG stream (${error.message})`);
  }
  const count = header.components.length;
  if (header.process !== 0 || header.precision !== 8 || (count !== 1 && count !== 3)) return undefined;
  if (header.adobeTransform === 2 || header.rows === 0 || header.columns === 0) return undefined;
  const luma = header.components[0];
  const subsampled = header.components.some(
    (c) => c.horizontalSampling !== luma?.horizontalSampling || c.verticalSampling !== luma?.verticalSampling,
  );
  // PS3.5 8.2.1: YCbCr is YBR_FULL_422 when chroma is subsampled, YBR_FULL otherwise; Adobe 0 is RGB.
  const colour = header.adobeTransform === 0 && !header.jfif ? 'RGB' : subsampled ? 'YBR_FULL_422' : 'YBR_FULL';
  return {
    kind: 'jpeg-baseline',
    format: 'jpeg',
    rows: header.rows,
    columns: header.columns,
    samplesPerPixel: count,
    photometricInterpretation: count === 1 ? 'MONOCHROME2' : colour,
    bytes,
  };
}

/** Decode with sharp to 8-bit grey or RGB, alpha flattened onto black. */
async function decodedImage(bytes: Uint8Array): Promise<SourceImage> {
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes).metadata();
  } catch {
    throw Errors.invalidImage('unrecognised image data');
  }
  const format = metadata.format;
  if (format !== 'jpeg' && format !== 'png') throw Errors.invalidImage(`${format} images are not accepted`);
  const grey = metadata.channels !== undefined && metadata.channels <= 2;
  try {
    const { data, info } = await sharp(bytes)
      .flatten({ background: '#000000' })
      .toColourspace(grey ? 'b-w' : 'srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const samples = grey ? 1 : 3;
    if (info.channels !== samples || data.length !== info.width * info.height * samples) {
      throw Errors.invalidImage(`unexpected ${info.channels}-channel decode`);
    }
    return {
      kind: 'native',
      format,
      rows: info.height,
      columns: info.width,
      samplesPerPixel: samples,
      photometricInterpretation: grey ? 'MONOCHROME2' : 'RGB',
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (error) {
    if (isEngineError(error)) throw error;
    throw Errors.invalidImage(`the ${format} image could not be decoded`);
  }
}

/**
 * Read an uploaded JPEG or PNG: a baseline 8-bit JPEG is kept as it is (to encapsulate); any other
 * JPEG (progressive, 12-bit, CMYK…) and PNG are decoded to 8-bit pixels. Anything else is INVALID_IMAGE.
 */
export async function readSourceImage(bytes: Uint8Array): Promise<SourceImage> {
  const image = (isJpeg(bytes) ? baselineJpeg(bytes) : undefined) ?? (await decodedImage(bytes));
  if (image.rows > MAX_SIDE || image.columns > MAX_SIDE) {
    throw Errors.invalidImage(`${image.columns}×${image.rows} is larger than DICOM allows (${MAX_SIDE})`);
  }
  return image;
}
