import type { EncodeFrameInfo } from '../codecs/encoders/encoder-input.js';
import { encodeHtj2k } from '../codecs/encoders/htj2k-encoder.js';
import { encodeJpegLs } from '../codecs/encoders/jpeg-ls-encoder.js';
import { encodeJpeg2000 } from '../codecs/encoders/jpeg2000-encoder.js';
import { encodeRle } from '../codecs/encoders/rle-encoder.js';
import { TransferSyntax } from '../dicom/transfer-syntax.js';
import type { PixelArray } from '../image/decoded-frame.js';

/** The transfer syntaxes the demo generator writes, by short name (the CLI's --syntaxes). */
export const demoSyntaxes = ['explicit', 'rle', 'jpegls', 'j2k', 'htj2k', 'j2k-lossy'] as const;
export type DemoSyntax = (typeof demoSyntaxes)[number];

export interface DemoSyntaxInfo {
  transferSyntaxUid: string;
  label: string;
  /** Lossy compression method for Lossy Image Compression Method (0028,2114). */
  lossyMethod?: string;
  /** Undefined for native (uncompressed) pixels. */
  encode?: (pixels: PixelArray, info: EncodeFrameInfo) => Promise<Uint8Array>;
}

export const demoSyntaxInfo: Record<DemoSyntax, DemoSyntaxInfo> = {
  explicit: { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian, label: 'Explicit VR Little Endian' },
  rle: {
    transferSyntaxUid: TransferSyntax.RleLossless,
    label: 'RLE Lossless',
    encode: async (pixels, info) => encodeRle(pixels, info),
  },
  jpegls: {
    transferSyntaxUid: TransferSyntax.JpegLsLossless,
    label: 'JPEG-LS Lossless',
    encode: (pixels, info) => encodeJpegLs(pixels, info),
  },
  j2k: {
    transferSyntaxUid: TransferSyntax.Jpeg2000Lossless,
    label: 'JPEG 2000 Lossless',
    encode: (pixels, info) => encodeJpeg2000(pixels, info, { lossless: true }),
  },
  htj2k: {
    transferSyntaxUid: TransferSyntax.Htj2kLossless,
    label: 'HTJ2K Lossless',
    encode: (pixels, info) => encodeHtj2k(pixels, info, { lossless: true }),
  },
  'j2k-lossy': {
    transferSyntaxUid: TransferSyntax.Jpeg2000,
    label: 'JPEG 2000 (lossy)',
    lossyMethod: 'ISO_15444_1',
    encode: (pixels, info) => encodeJpeg2000(pixels, info, { lossless: false }),
  },
};

/** Parse a comma-separated list of demo syntax names; undefined for an unknown name. */
export function parseDemoSyntaxes(text: string): DemoSyntax[] | undefined {
  const names = text
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.length === 0 || !names.every((name) => (demoSyntaxes as readonly string[]).includes(name)))
    return undefined;
  return [...new Set(names as DemoSyntax[])];
}
