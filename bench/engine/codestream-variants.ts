import { encodeRle, type FrameInfo, type PixelArray, TransferSyntax } from '@lucent/engine';
import { encodeHtj2k } from '../../packages/engine/src/codecs/encoders/htj2k-encoder.js';
import { encodeJpegLs } from '../../packages/engine/src/codecs/encoders/jpeg-ls-encoder.js';
import { encodeJpeg2000 } from '../../packages/engine/src/codecs/encoders/jpeg2000-encoder.js';
import type { FrameCodec } from '../../packages/engine/src/codecs/frame-codec.js';
import { htj2kCodec } from '../../packages/engine/src/codecs/htj2k.js';
import { jpegLsCodec } from '../../packages/engine/src/codecs/jpeg-ls.js';
import { jpeg2000Codec } from '../../packages/engine/src/codecs/jpeg2000.js';
import { rleCodec } from '../../packages/engine/src/codecs/rle.js';

export const variantIds = ['j2k-lossless', 'j2k-lossy', 'htj2k-lossless', 'jpeg-ls-lossless', 'rle'] as const;
export type VariantId = (typeof variantIds)[number];

/** One way of compressing a synthetic frame, and the engine codec that decodes it. */
export interface CodestreamVariant {
  id: VariantId;
  label: string;
  transferSyntaxUid: string;
  codec: FrameCodec;
  /** A J2K Part 1 / HTJ2K codestream native OpenJPEG can decode too. */
  openjpegPeer: boolean;
  encode(pixels: PixelArray, frameInfo: FrameInfo): Promise<Uint8Array>;
}

/** Decomposition levels: enough for a 2048² frame to reach a 128-px thumbnail by resolution alone. */
const decompositions = 5;

export const codestreamVariants: Record<VariantId, CodestreamVariant> = {
  'j2k-lossless': {
    id: 'j2k-lossless',
    label: 'JPEG 2000 lossless',
    transferSyntaxUid: TransferSyntax.Jpeg2000Lossless,
    codec: jpeg2000Codec,
    openjpegPeer: true,
    encode: async (pixels, info) => encodeJpeg2000(pixels, info, { lossless: true, decompositions }),
  },
  'j2k-lossy': {
    id: 'j2k-lossy',
    label: 'JPEG 2000 lossy',
    transferSyntaxUid: TransferSyntax.Jpeg2000,
    codec: jpeg2000Codec,
    openjpegPeer: true,
    encode: async (pixels, info) => encodeJpeg2000(pixels, info, { lossless: false, decompositions }),
  },
  'htj2k-lossless': {
    id: 'htj2k-lossless',
    label: 'HTJ2K lossless (RPCL)',
    transferSyntaxUid: TransferSyntax.Htj2kLosslessRpcl,
    codec: htj2kCodec,
    openjpegPeer: true,
    encode: async (pixels, info) => encodeHtj2k(pixels, info, { lossless: true, decompositions }),
  },
  'jpeg-ls-lossless': {
    id: 'jpeg-ls-lossless',
    label: 'JPEG-LS lossless',
    transferSyntaxUid: TransferSyntax.JpegLsLossless,
    codec: jpegLsCodec,
    openjpegPeer: false,
    encode: async (pixels, info) => encodeJpegLs(pixels, info),
  },
  rle: {
    id: 'rle',
    label: 'RLE lossless',
    transferSyntaxUid: TransferSyntax.RleLossless,
    codec: rleCodec,
    openjpegPeer: false,
    encode: async (pixels, info) => encodeRle(pixels, info),
  },
};
