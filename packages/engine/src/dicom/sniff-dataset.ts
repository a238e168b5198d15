import { Errors } from '../errors/engine-error.js';
import { TransferSyntax } from './transfer-syntax.js';

/** Every VR of PS3.5 Table 6.2-1: explicit VR data sets carry one of these after each tag. */
const VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

const LONG_VRS = new Set('OB OD OF OL OV OW SQ SV UC UN UR UT UV'.split(' '));

export const isVr = (vr: string) => VRS.has(vr);
export const isLongVr = (vr: string) => LONG_VRS.has(vr);

export interface SniffedDataset {
  /** The syntax to parse a bare data set with (explicit or implicit VR little endian). */
  transferSyntaxUid: string;
  /** The stream starts with the file meta group (0002) but has no preamble and DICM prefix. */
  startsWithFileMeta: boolean;
}

/**
 * A stream without a preamble: explicit VR little endian when bytes 4–5 of the first element are a
 * VR, else implicit VR little endian. The first element must be plausible (a group from 0002 to
 * 7FE0, even or private, and a length that fits), otherwise the input is not DICOM.
 */
export function sniffBareDataset(bytes: Uint8Array): SniffedDataset {
  if (bytes.length < 8) throw Errors.invalidDicom('too short to hold a data element');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const group = view.getUint16(0, true);
  const vr = String.fromCharCode(bytes[4] as number, bytes[5] as number);
  const explicit = VRS.has(vr);
  const long = explicit && LONG_VRS.has(vr);
  let length = explicit ? view.getUint16(6, true) : view.getUint32(4, true);
  let header = 8;
  if (long) {
    if (bytes.length < 12) throw Errors.invalidDicom('too short to hold a data element');
    length = view.getUint32(8, true);
    header = 12;
  }
  const plausibleGroup = group >= 2 && group <= 0x7fe0 && (group % 2 === 0 || group > 8);
  const plausibleLength = length === 0xffffffff || header + length <= bytes.length;
  if (!plausibleGroup || !plausibleLength) {
    throw Errors.invalidDicom('no DICM prefix and no plausible first data element');
  }
  return {
    transferSyntaxUid: explicit ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian,
    startsWithFileMeta: explicit && group === 0x0002,
  };
}
