import { TransferSyntax, transferSyntaxInfo } from '../dicom/transfer-syntax.js';
import { Errors } from '../errors/engine-error.js';
import { type DicomElement, isEncapsulated, type Vr } from './dicom-element.js';
import { Attribute } from './dictionary.js';
import { ByteChunks, encodeElements } from './encode-dataset.js';
import { isTextVr } from './encode-value.js';
import { LUCENT_IMPLEMENTATION_CLASS_UID, LUCENT_IMPLEMENTATION_VERSION_NAME } from './uid.js';

export interface WriteDicomOptions {
  /** Default Explicit VR Little Endian; an encapsulated syntax needs encapsulated Pixel Data. */
  transferSyntaxUid?: string;
}

const PIXEL_DATA = 0x7fe00010;
const UTF8 = 'ISO_IR 192';

function textOf(elements: readonly DicomElement[], tag: number): string | undefined {
  const value = elements.find((e) => e.tag === tag)?.value;
  return typeof value === 'string' ? value : undefined;
}

function hasNonAscii(elements: readonly DicomElement[]): boolean {
  return elements.some((e) => {
    if (e.vr === 'SQ') return (e.value as readonly (readonly DicomElement[])[]).some(hasNonAscii);
    if (!isTextVr(e.vr)) return false;
    const values = Array.isArray(e.value) ? e.value : [e.value];
    return values.some((v) => typeof v === 'string' && /[^\x20-\x7e\r\n\t\f]/.test(v));
  });
}

function checkPixelData(elements: readonly DicomElement[], encapsulated: boolean, uid: string): void {
  const pixelData = elements.find((e) => e.tag === PIXEL_DATA);
  if (pixelData === undefined) return;
  if (isEncapsulated(pixelData.value) !== encapsulated) {
    throw Errors.invalidElement(`Pixel Data must ${encapsulated ? '' : 'not '}be encapsulated in ${uid}`);
  }
}

function fileMeta(sopClassUid: string, sopInstanceUid: string, transferSyntaxUid: string): Uint8Array {
  const meta = (tag: number, vr: Vr, value: DicomElement['value']): DicomElement => ({ tag, vr, value });
  const body = new ByteChunks();
  encodeElements(
    [
      meta(0x00020001, 'OB', Uint8Array.of(0, 1)),
      meta(0x00020002, 'UI', sopClassUid),
      meta(0x00020003, 'UI', sopInstanceUid),
      meta(0x00020010, 'UI', transferSyntaxUid),
      meta(0x00020012, 'UI', LUCENT_IMPLEMENTATION_CLASS_UID),
      meta(0x00020013, 'SH', LUCENT_IMPLEMENTATION_VERSION_NAME),
    ],
    body,
  );
  const out = new ByteChunks();
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128); // "DICM"
  out.push(preamble);
  encodeElements([meta(0x00020000, 'UL', body.length)], out);
  for (const part of body.parts) out.push(part);
  return out.concat();
}

/**
 * A DICOM Part 10 file: preamble, File Meta Information (group length computed, Lucent's
 * Implementation Class UID), then the data set in Explicit VR Little Endian, elements in tag order.
 * The data set must hold SOP Class and SOP Instance UIDs; text outside ASCII is written as UTF-8
 * and Specific Character Set ISO_IR 192 added when the data set does not name one.
 */
export function writeDicomFile(elements: readonly DicomElement[], options: WriteDicomOptions = {}): Uint8Array {
  const transferSyntaxUid = options.transferSyntaxUid ?? TransferSyntax.ExplicitVRLittleEndian;
  const syntax = transferSyntaxInfo(transferSyntaxUid);
  if (syntax === undefined || !syntax.explicitVr || !syntax.littleEndian || syntax.deflated) {
    throw Errors.unsupportedTransferSyntax(transferSyntaxUid);
  }
  if (elements.some((e) => e.tag >>> 16 === 0x0002)) throw Errors.invalidElement('the writer makes the file meta');
  checkPixelData(elements, syntax.encapsulated, transferSyntaxUid);
  const sopClassUid = textOf(elements, Attribute.SOPClassUID[0]);
  const sopInstanceUid = textOf(elements, Attribute.SOPInstanceUID[0]);
  if (sopClassUid === undefined || sopInstanceUid === undefined) {
    throw Errors.invalidElement('the data set needs SOP Class UID and SOP Instance UID');
  }
  const [charsetTag, charsetVr] = Attribute.SpecificCharacterSet;
  const needsUtf8 = !elements.some((e) => e.tag === charsetTag) && hasNonAscii(elements);
  const dataset = needsUtf8 ? [...elements, { tag: charsetTag, vr: charsetVr, value: UTF8 }] : elements;
  const out = new ByteChunks();
  out.push(fileMeta(sopClassUid, sopInstanceUid, transferSyntaxUid));
  encodeElements(dataset, out);
  return out.concat();
}
