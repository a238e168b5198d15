/** Transfer syntax UIDs by name. Use these constants; no raw UID strings elsewhere. */
export const TransferSyntax = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JpegBaseline: '1.2.840.10008.1.2.4.50',
  JpegExtended: '1.2.840.10008.1.2.4.51',
  JpegLosslessProcess14: '1.2.840.10008.1.2.4.57',
  JpegLosslessSV1: '1.2.840.10008.1.2.4.70',
  JpegLsLossless: '1.2.840.10008.1.2.4.80',
  JpegLsNearLossless: '1.2.840.10008.1.2.4.81',
  Jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  Jpeg2000: '1.2.840.10008.1.2.4.91',
  Htj2kLossless: '1.2.840.10008.1.2.4.201',
  Htj2kLosslessRpcl: '1.2.840.10008.1.2.4.202',
  Htj2k: '1.2.840.10008.1.2.4.203',
  RleLossless: '1.2.840.10008.1.2.5',
} as const;

export type TransferSyntaxUid = (typeof TransferSyntax)[keyof typeof TransferSyntax];

/** Codec families: one module under `codecs/` each. */
export type CodecFamily =
  | 'native'
  | 'rle'
  | 'jpeg-baseline'
  | 'jpeg-extended'
  | 'jpeg-lossless'
  | 'jpeg-ls'
  | 'jpeg2000'
  | 'htj2k';

export interface TransferSyntaxInfo {
  uid: TransferSyntaxUid;
  name: string;
  family: CodecFamily;
  explicitVr: boolean;
  littleEndian: boolean;
  deflated: boolean;
  encapsulated: boolean;
  lossy: boolean;
}

const info = (
  uid: TransferSyntaxUid,
  name: string,
  family: CodecFamily,
  flags: Partial<Omit<TransferSyntaxInfo, 'uid' | 'name' | 'family'>> = {},
): TransferSyntaxInfo => ({
  uid,
  name,
  family,
  explicitVr: flags.explicitVr ?? true,
  littleEndian: flags.littleEndian ?? true,
  deflated: flags.deflated ?? false,
  encapsulated: flags.encapsulated ?? family !== 'native',
  lossy: flags.lossy ?? false,
});

const T = TransferSyntax;
const table: readonly TransferSyntaxInfo[] = [
  info(T.ImplicitVRLittleEndian, 'Implicit VR Little Endian', 'native', { explicitVr: false }),
  info(T.ExplicitVRLittleEndian, 'Explicit VR Little Endian', 'native'),
  info(T.DeflatedExplicitVRLittleEndian, 'Deflated Explicit VR Little Endian', 'native', { deflated: true }),
  info(T.ExplicitVRBigEndian, 'Explicit VR Big Endian', 'native', { littleEndian: false }),
  info(T.JpegBaseline, 'JPEG Baseline (Process 1)', 'jpeg-baseline', { lossy: true }),
  info(T.JpegExtended, 'JPEG Extended (Process 2 & 4)', 'jpeg-extended', { lossy: true }),
  info(T.JpegLosslessProcess14, 'JPEG Lossless, Non-Hierarchical (Process 14)', 'jpeg-lossless'),
  info(
    T.JpegLosslessSV1,
    'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [SV1])',
    'jpeg-lossless',
  ),
  info(T.JpegLsLossless, 'JPEG-LS Lossless', 'jpeg-ls'),
  info(T.JpegLsNearLossless, 'JPEG-LS Lossy (Near-Lossless)', 'jpeg-ls', { lossy: true }),
  info(T.Jpeg2000Lossless, 'JPEG 2000 (Lossless Only)', 'jpeg2000'),
  info(T.Jpeg2000, 'JPEG 2000', 'jpeg2000', { lossy: true }),
  info(T.Htj2kLossless, 'High-Throughput JPEG 2000 (Lossless Only)', 'htj2k'),
  info(T.Htj2kLosslessRpcl, 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)', 'htj2k'),
  info(T.Htj2k, 'High-Throughput JPEG 2000', 'htj2k', { lossy: true }),
  info(T.RleLossless, 'RLE Lossless', 'rle'),
];

const byUid = new Map<string, TransferSyntaxInfo>(table.map((entry) => [entry.uid, entry]));

export function transferSyntaxInfo(uid: string): TransferSyntaxInfo | undefined {
  return byUid.get(uid);
}

export const supportedTransferSyntaxes: readonly TransferSyntaxInfo[] = table;
