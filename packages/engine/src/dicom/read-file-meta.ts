import type dicomParser from 'dicom-parser';
import { Errors } from '../errors/engine-error.js';
import { isLongVr, isVr } from './sniff-dataset.js';

export interface FileMeta {
  /** Group 0002 elements, offsets into the input. */
  elements: Record<string, dicomParser.Element>;
  transferSyntaxUid: string | undefined;
  /** Offset of the first data set byte. */
  end: number;
}

const hex = (value: number) => value.toString(16).padStart(4, '0');

/**
 * The File Meta Information (group 0002, always explicit VR little endian) starting at `start`.
 * Read here rather than by dicom-parser, which parses the first data set element as explicit VR
 * little endian too while looking for the end of the group (and fails on big endian sequences).
 */
export function readFileMeta(bytes: Uint8Array, start: number): FileMeta {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const elements: Record<string, dicomParser.Element> = {};
  let position = start;
  while (position + 8 <= bytes.length && view.getUint16(position, true) === 0x0002) {
    const tag = `x0002${hex(view.getUint16(position + 2, true))}`;
    const vr = String.fromCharCode(bytes[position + 4] as number, bytes[position + 5] as number);
    if (!isVr(vr)) throw Errors.invalidDicom(`file meta element (0002,${tag.slice(5)}) has no valid VR`);
    let length = view.getUint16(position + 6, true);
    let dataOffset = position + 8;
    if (isLongVr(vr)) {
      if (position + 12 > bytes.length) throw Errors.truncated('the file meta information is cut short');
      length = view.getUint32(position + 8, true);
      dataOffset = position + 12;
    }
    if (length === 0xffffffff) throw Errors.invalidDicom('undefined length in the file meta information');
    if (dataOffset + length > bytes.length)
      throw Errors.truncated(`file meta element (0002,${tag.slice(5)}) runs past the end`);
    elements[tag] = { tag, vr, length, dataOffset };
    position = dataOffset + length;
  }
  const syntax = elements.x00020010;
  const transferSyntaxUid =
    syntax === undefined
      ? undefined
      : Buffer.from(bytes.buffer, bytes.byteOffset + syntax.dataOffset, syntax.length)
          .toString('latin1')
          .replace(/[\0 ]+$/, '')
          .trim();
  return { elements, transferSyntaxUid: transferSyntaxUid || undefined, end: position };
}
