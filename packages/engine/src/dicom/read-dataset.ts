import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { Errors, isEngineError } from '../errors/engine-error.js';
import { withReadableExtendedOffsetTable } from './extended-offset-table-vr.js';
import { readFileMeta } from './read-file-meta.js';
import { sniffBareDataset } from './sniff-dataset.js';
import { TransferSyntax, transferSyntaxInfo } from './transfer-syntax.js';

export interface RawDataset {
  /** Element offsets index `dataSet.byteArray`, which holds the same bytes as `bytes`. */
  dataSet: dicomParser.DataSet;
  transferSyntaxUid: string;
  hasFileMeta: boolean;
  /** The bytes frame offsets index: the input, or (deflated) the file meta + the inflated data set. */
  bytes: Uint8Array;
  inflated: boolean;
}

const MAX_INFLATED_BYTES = 2 ** 31 - 1;
const DICM = [0x44, 0x49, 0x43, 0x4d];

/** dicom-parser's DataSet class (exported at run time, absent from its typings). */
const DataSet = (
  dicomParser as unknown as {
    DataSet: new (
      parser: dicomParser.ByteArrayParser,
      bytes: dicomParser.ByteArray,
      elements: Record<string, dicomParser.Element>,
    ) => dicomParser.DataSet;
  }
).DataSet;

function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  return 'unreadable data set';
}

function toEngineError(error: unknown): Error {
  if (isEngineError(error)) return error;
  const message = messageOf(error).replace(/^dicomParser[.:][A-Za-z0-9_.]+:\s*/, '');
  if (/past end|overrun|overread|end of buffer|eof/i.test(message)) return Errors.truncated(message);
  return Errors.invalidDicom(message, error);
}

/** The first element (sequence items included) whose value runs past the end of the bytes. */
function findOverrun(dataSet: dicomParser.DataSet, end: number, depth = 0): string | undefined {
  if (depth > 64) return undefined;
  for (const element of Object.values(dataSet.elements)) {
    if (element.dataOffset + element.length > end) return element.tag;
    for (const item of element.items ?? []) {
      const found = item.dataSet === undefined ? undefined : findOverrun(item.dataSet, end, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function inflate(bytes: Uint8Array, start: number): Uint8Array {
  let body: Buffer;
  try {
    body = inflateRawSync(bytes.subarray(start), { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (error) {
    throw Errors.invalidDicom('the deflated data set does not inflate', error);
  }
  const whole = new Uint8Array(start + body.length);
  whole.set(bytes.subarray(0, start), 0);
  whole.set(body, start);
  return whole;
}

/** Where the data set starts and in which syntax: after the file meta, or a bare data set at 0. */
function locateDataset(input: Uint8Array) {
  const preamble = input.length >= 132 && DICM.every((b, i) => input[128 + i] === b);
  const sniffed = preamble ? undefined : sniffBareDataset(input);
  if (sniffed !== undefined && !sniffed.startsWithFileMeta) {
    return { meta: undefined, start: 0, transferSyntaxUid: sniffed.transferSyntaxUid };
  }
  const meta = readFileMeta(input, preamble ? 132 : 0);
  if (meta.end === (preamble ? 132 : 0)) throw Errors.invalidDicom('no file meta information after the DICM prefix');
  const transferSyntaxUid =
    meta.transferSyntaxUid ??
    (meta.end + 8 <= input.length
      ? sniffBareDataset(input.subarray(meta.end)).transferSyntaxUid
      : TransferSyntax.ExplicitVRLittleEndian);
  return { meta, start: meta.end, transferSyntaxUid };
}

function parseElements(bytes: Uint8Array, start: number, transferSyntaxUid: string): dicomParser.DataSet {
  const syntax = transferSyntaxInfo(transferSyntaxUid);
  const littleEndian = syntax?.littleEndian ?? true;
  const explicit = syntax?.explicitVr ?? true;
  const readable = explicit ? withReadableExtendedOffsetTable(bytes, littleEndian) : bytes;
  // dicom-parser reads through Node Buffer methods on some paths: give it a Buffer view (no copy).
  const buffer = Buffer.from(readable.buffer, readable.byteOffset, readable.byteLength);
  const parser = littleEndian ? dicomParser.littleEndianByteArrayParser : dicomParser.bigEndianByteArrayParser;
  const dataSet = new DataSet(parser, buffer, {});
  dataSet.warnings = [];
  if (start >= buffer.length) return dataSet;
  const stream = new dicomParser.ByteStream(parser, buffer, start);
  if (explicit) dicomParser.parseDicomDataSetExplicit(dataSet, stream, buffer.length);
  else dicomParser.parseDicomDataSetImplicit(dataSet, stream, buffer.length);
  return dataSet;
}

/**
 * Read the element structure of a Part 10 file (with or without its preamble) or a bare data set
 * (explicit or implicit VR little endian, sniffed). Every failure is a typed EngineError.
 */
export function readDataset(input: Uint8Array): RawDataset {
  if (input.length === 0) throw Errors.invalidDicom('empty input');
  const { meta, start, transferSyntaxUid } = locateDataset(input);
  const inflated = transferSyntaxInfo(transferSyntaxUid)?.deflated === true;
  const bytes = inflated ? inflate(input, start) : input;
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = parseElements(bytes, start, transferSyntaxUid);
  } catch (error) {
    throw toEngineError(error);
  }
  const overrun = findOverrun(dataSet, bytes.length);
  if (overrun !== undefined) {
    throw Errors.truncated(`element (${overrun.slice(1, 5)},${overrun.slice(5)}) runs past the end`);
  }
  if (meta !== undefined) {
    for (const [tag, element] of Object.entries(meta.elements)) {
      dataSet.elements[tag] = { ...element, parser: dicomParser.littleEndianByteArrayParser };
    }
  }
  return { dataSet, transferSyntaxUid, hasFileMeta: meta !== undefined, bytes, inflated };
}
