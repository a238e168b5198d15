/** Transfer syntaxes and the media types their frames are sent as (PS3.18 Table 8.7.3-2). */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';

const frameMediaTypes: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'image/jpeg',
  '1.2.840.10008.1.2.4.51': 'image/jpeg',
  '1.2.840.10008.1.2.4.57': 'image/jpeg',
  '1.2.840.10008.1.2.4.70': 'image/jpeg',
  '1.2.840.10008.1.2.4.80': 'image/jls',
  '1.2.840.10008.1.2.4.81': 'image/jls',
  '1.2.840.10008.1.2.4.90': 'image/jp2',
  '1.2.840.10008.1.2.4.91': 'image/jp2',
  '1.2.840.10008.1.2.4.201': 'image/jhc',
  '1.2.840.10008.1.2.4.202': 'image/jhc',
  '1.2.840.10008.1.2.4.203': 'image/jhc',
  '1.2.840.10008.1.2.5': 'image/x-dicom-rle',
};

/** Aliases clients use for the same types. */
const aliases: Record<string, string> = { 'image/x-jls': 'image/jls', 'image/dicom-rle': 'image/x-dicom-rle' };

export function canonicalMediaType(type: string): string {
  return aliases[type] ?? type;
}

/** The media type of a compressed syntax's frames; undefined for native (uncompressed) syntaxes. */
export function compressedFrameMediaType(transferSyntaxUid: string): string | undefined {
  return frameMediaTypes[transferSyntaxUid];
}

/** Native syntaxes whose stored frame bytes already are little-endian uncompressed pixels. */
export function isNativeLittleEndian(transferSyntaxUid: string): boolean {
  return transferSyntaxUid === EXPLICIT_VR_LITTLE_ENDIAN || transferSyntaxUid === IMPLICIT_VR_LITTLE_ENDIAN;
}

export function isNative(transferSyntaxUid: string): boolean {
  return isNativeLittleEndian(transferSyntaxUid) || transferSyntaxUid === BIG_ENDIAN || transferSyntaxUid === DEFLATED;
}
