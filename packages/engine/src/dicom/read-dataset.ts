import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { Errors, isEngineError } from '../errors/engine-error.js';
import { TransferSyntax } from './transfer-syntax.js';

export interface RawDataset {
  dataSet: dicomParser.DataSet;
  transferSyntaxUid: string;
  hasFileMeta: boolean;
  /** The bytes element offsets index: the input, or (deflated) the meta header + inflated dataset. */
  bytes: Uint8Array;
  inflated: boolean;
}

const VR_PATTERN = /^[A-Z]{2}$/;
const MAX_INFLATED_BYTES = 2 ** 31 - 1;

function hasPreamble(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d
  );
}

/**
 * A bare dataset (no preamble, no file meta): explicit VR if bytes 4–5 of the first element are a
 * VR, else implicit. Either way the first tag must be a plausible (group, element) in ascending order.
 */
function sniffBareDataset(bytes: Uint8Array): string {
  if (bytes.length < 8) throw Errors.invalidDicom('too short to hold a data element');
  const group = (bytes[0] as number) | ((bytes[1] as number) << 8);
  if (group === 0 || group === 0xfffe || (group % 2 === 1 && group < 8)) {
    throw Errors.invalidDicom('no DICM prefix and no plausible first data element');
  }
  if (group > 0x7fe0 && group !== 0xfffc)
    throw Errors.invalidDicom('no DICM prefix and no plausible first data element');
  const vr = String.fromCharCode(bytes[4] as number, bytes[5] as number);
  return VR_PATTERN.test(vr) ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian;
}

function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'exception' in error) return messageOf(error.exception);
  return 'unreadable data set';
}

function toEngineError(error: unknown): Error {
  if (isEngineError(error)) return error;
  const message = messageOf(error).replace(/^dicomParser\.[A-Za-z0-9_.]+:\s*/, '');
  if (/past end|beyond|overrun|overread|buffer|end of|truncated/i.test(message)) return Errors.truncated(message);
  return Errors.invalidDicom(message, error);
}

/** Parse the element structure with dicom-parser, mapping every failure to a typed EngineError. */
export function readDataset(input: Uint8Array): RawDataset {
  if (input.length === 0) throw Errors.invalidDicom('empty input');
  const part10 = hasPreamble(input);
  const bareSyntax = part10 ? undefined : sniffBareDataset(input);
  let inflated = false;
  const inflater = (bytes: Uint8Array, position: number): Uint8Array => {
    let body: Buffer;
    try {
      body = inflateRawSync(bytes.subarray(position), { maxOutputLength: MAX_INFLATED_BYTES });
    } catch (error) {
      throw Errors.invalidDicom('deflated data set does not inflate', error);
    }
    const whole = new Uint8Array(position + body.length);
    whole.set(bytes.subarray(0, position), 0);
    whole.set(body, position);
    inflated = true;
    return whole;
  };
  // dicom-parser reads through Node Buffer methods on some paths; give it a Buffer view (no copy).
  const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(buffer, {
      ...(bareSyntax === undefined ? {} : { TransferSyntaxUID: bareSyntax }),
      // The typings say void, the implementation uses the returned array.
      inflater: inflater as unknown as (bytes: Uint8Array, position: number) => void,
    });
  } catch (error) {
    throw toEngineError(error);
  }
  const transferSyntaxUid = (dataSet.string('x00020010') ?? bareSyntax ?? '').replace(/\0/g, '').trim();
  if (transferSyntaxUid === '') throw Errors.invalidDicom('no transfer syntax');
  const bytes = dataSet.byteArray as Uint8Array;
  return { dataSet, transferSyntaxUid, hasFileMeta: part10, bytes, inflated };
}
