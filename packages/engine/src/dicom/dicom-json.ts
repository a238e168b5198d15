import type dicomParser from 'dicom-parser';
import { Errors, isEngineError } from '../errors/engine-error.js';
import {
  BINARY_VRS,
  DEFAULT_INLINE_BINARY_MAX_BYTES,
  type DicomJsonAttribute,
  type DicomJsonDataset,
  type DicomJsonOptions,
} from './dicom-json-model.js';
import { inlineBinaryOf, jsonValuesOf } from './dicom-json-values.js';
import { readDataset } from './read-dataset.js';
import { transferSyntaxInfo } from './transfer-syntax.js';
import { loadVrDictionary, type VrLookup } from './vr-dictionary.js';

const KNOWN_VRS = new Set([
  'AE',
  'AS',
  'AT',
  'CS',
  'DA',
  'DS',
  'DT',
  'FD',
  'FL',
  'IS',
  'LO',
  'LT',
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'PN',
  'SH',
  'SL',
  'SQ',
  'SS',
  'ST',
  'SV',
  'TM',
  'UC',
  'UI',
  'UL',
  'UN',
  'UR',
  'US',
  'UT',
  'UV',
]);
/** Pixel Data, Float and Double Float Pixel Data: always bulk data. */
const PIXEL_TAGS = new Set(['7FE00010', '7FE00008', '7FE00009']);
/** Descriptors whose `xs` values are unsigned whatever the Pixel Representation (PS3.3 C.7.6.3.1.5, C.11.1.1). */
const UNSIGNED_DESCRIPTORS = new Set([
  '00281101',
  '00281102',
  '00281103',
  '00283002',
  '00281221',
  '00281222',
  '00281223',
]);
const MAX_DEPTH = 64;

interface Context {
  bytes: Uint8Array;
  littleEndian: boolean;
  vrOf: VrLookup;
  pixelRepresentation: number | undefined;
  inlineMax: number;
  bulkDataUriPrefix: string | undefined;
}

/** The element's VR: as encoded when valid, else the dictionary's (implicit VR, bad VRs), else UN. */
function vrOf(element: dicomParser.Element, tag: string, context: Context): string {
  if (element.vr !== undefined && KNOWN_VRS.has(element.vr) && element.vr !== 'UN') return element.vr;
  if (element.items !== undefined) return 'SQ';
  const known = context.vrOf(Number.parseInt(tag, 16));
  switch (known) {
    case undefined:
      return 'UN';
    case 'ox':
      return 'OW';
    case 'lt':
      return 'OW';
    case 'up':
      return 'UL';
    case 'xs':
      return context.pixelRepresentation === 1 && !UNSIGNED_DESCRIPTORS.has(tag) ? 'SS' : 'US';
    default:
      // A UN value is little-endian implicit VR (PS3.5 6.2.2): readable with the dictionary's VR.
      if (element.vr === 'UN' && !context.littleEndian) return 'UN';
      return KNOWN_VRS.has(known) ? known : 'UN';
  }
}

function valueBytes(element: dicomParser.Element, context: Context): Uint8Array | undefined {
  if (element.length === undefined || element.length < 0) return undefined;
  const end = element.dataOffset + element.length;
  if (end > context.bytes.length) return undefined;
  return context.bytes.subarray(element.dataOffset, end);
}

function characterSetOf(dataSet: dicomParser.DataSet, context: Context, inherited: string | undefined) {
  const element = dataSet.elements.x00080005;
  if (element === undefined) return inherited;
  const bytes = valueBytes(element, context);
  if (bytes === undefined || bytes.length === 0) return inherited;
  return Buffer.from(bytes)
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim();
}

function convertDataset(
  dataSet: dicomParser.DataSet,
  context: Context,
  inheritedCharset: string | undefined,
  depth: number,
): DicomJsonDataset {
  if (depth > MAX_DEPTH) throw Errors.invalidDicom('sequences nested too deeply');
  const characterSet = characterSetOf(dataSet, context, inheritedCharset);
  const result: DicomJsonDataset = {};
  const entries = Object.entries(dataSet.elements)
    .map(([key, element]) => [key.slice(1).toUpperCase(), element] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [tag, element] of entries) {
    const group = tag.slice(0, 4);
    // File meta, command group, group lengths, item delimiters and trailing padding are not attributes.
    if (group === '0000' || group === '0002' || group === 'FFFE' || tag === 'FFFCFFFC' || tag.endsWith('0000'))
      continue;
    const attribute = convertElement(element, tag, context, characterSet, depth);
    if (attribute !== undefined) result[tag] = attribute;
  }
  return result;
}

function convertElement(
  element: dicomParser.Element,
  tag: string,
  context: Context,
  characterSet: string | undefined,
  depth: number,
): DicomJsonAttribute | undefined {
  const vr = vrOf(element, tag, context);
  if (vr === 'SQ') {
    const items = (element.items ?? []).flatMap((item) =>
      item.dataSet === undefined ? [] : [convertDataset(item.dataSet, context, characterSet, depth + 1)],
    );
    return items.length === 0 ? { vr } : { vr, Value: items };
  }
  if (PIXEL_TAGS.has(tag) || element.encapsulatedPixelData === true) return bulkData(vr, tag, depth, context);
  const bytes = valueBytes(element, context);
  if (bytes === undefined) return bulkData(vr, tag, depth, context);
  if (BINARY_VRS.has(vr)) {
    if (bytes.length === 0) return { vr };
    if (bytes.length > context.inlineMax) return bulkData(vr, tag, depth, context);
    return { vr, InlineBinary: inlineBinaryOf(bytes, vr, context.littleEndian) };
  }
  // A UN element read through the dictionary's VR is little-endian implicit VR (PS3.5 6.2.2).
  const littleEndian = element.vr === 'UN' ? true : context.littleEndian;
  const values = jsonValuesOf(bytes, vr, characterSet, littleEndian);
  return values === undefined ? { vr } : { vr, Value: values };
}

function bulkData(vr: string, tag: string, depth: number, context: Context): DicomJsonAttribute | undefined {
  if (depth > 0 || context.bulkDataUriPrefix === undefined) return undefined;
  return { vr, BulkDataURI: `${context.bulkDataUriPrefix}${tag}` };
}

function pixelRepresentationOf(dataSet: dicomParser.DataSet, bytes: Uint8Array, littleEndian: boolean) {
  const element = dataSet.elements.x00280103;
  if (element === undefined || element.length !== 2) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + element.dataOffset, 2);
  return view.getUint16(0, littleEndian);
}

/**
 * The DICOM JSON model (PS3.18 F.2) of a Part 10 file or bare data set: every attribute except the
 * file meta group, with values decoded through the Specific Character Set, numbers as numbers,
 * sequences nested, and bulk data left out or referenced (see DicomJsonOptions). Throws EngineError.
 */
export async function dicomJsonOf(input: Uint8Array, options: DicomJsonOptions = {}): Promise<DicomJsonDataset> {
  const vrLookup = await loadVrDictionary();
  try {
    const raw = readDataset(input);
    const littleEndian = transferSyntaxInfo(raw.transferSyntaxUid)?.littleEndian ?? true;
    const context: Context = {
      bytes: raw.dataSet.byteArray as Uint8Array,
      littleEndian,
      vrOf: vrLookup,
      pixelRepresentation: pixelRepresentationOf(raw.dataSet, raw.dataSet.byteArray as Uint8Array, littleEndian),
      inlineMax: options.inlineBinaryMaxBytes ?? DEFAULT_INLINE_BINARY_MAX_BYTES,
      bulkDataUriPrefix: options.bulkDataUriPrefix,
    };
    return convertDataset(raw.dataSet, context, undefined, 0);
  } catch (error) {
    if (isEngineError(error)) throw error;
    throw Errors.invalidDicom(error instanceof Error ? error.message : 'unreadable data set', error);
  }
}
