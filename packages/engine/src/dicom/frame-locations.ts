import type { FrameLocation, ImagePixelModule } from '@lucent/shared';
import type dicomParser from 'dicom-parser';
import { Errors } from '../errors/engine-error.js';
import type { ElementReader } from './element-values.js';
import type { CodecFamily } from './transfer-syntax.js';

export interface PixelDataLayout {
  encapsulated: boolean;
  offsetTable: 'basic' | 'extended' | 'none' | 'native';
  frames: FrameLocation[];
}

/** Bytes one native frame occupies (bits for 1-bit data). YBR_FULL_422 stores two samples a pixel. */
export function nativeFrameBits(image: ImagePixelModule): number {
  const samples =
    image.photometricInterpretation === 'YBR_FULL_422' && image.samplesPerPixel === 3 ? 2 : image.samplesPerPixel;
  return image.rows * image.columns * samples * image.bitsAllocated;
}

export function nativeFrames(
  element: dicomParser.Element,
  image: ImagePixelModule,
  available: number,
): FrameLocation[] {
  const frameBits = nativeFrameBits(image);
  const declared = element.hadUndefinedLength ? 0 : element.length;
  const end = element.dataOffset + Math.min(declared, Math.max(0, available - element.dataOffset));
  const frames: FrameLocation[] = [];
  for (let index = 0; index < image.numberOfFrames; index++) {
    const startBit = index * frameBits;
    const offset = element.dataOffset + Math.floor(startBit / 8);
    const bitOffset = startBit % 8;
    const length = Math.ceil((bitOffset + frameBits) / 8);
    if (offset + length > end) {
      throw Errors.truncated(`frame ${index} needs ${length} bytes at ${offset}, the pixel data ends at ${end}`);
    }
    frames.push(image.bitsAllocated === 1 ? { offset, length, bitOffset } : { offset, length });
  }
  return frames;
}

function startsFrame(bytes: Uint8Array, fragment: dicomParser.Fragment, family: CodecFamily): boolean {
  const at = fragment.position;
  const b = (i: number) => bytes[at + i] ?? -1;
  switch (family) {
    case 'rle': {
      if (fragment.length < 64) return false;
      const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
      const segments = view.getUint32(0, true);
      return segments >= 1 && segments <= 15 && view.getUint32(4, true) === 64;
    }
    case 'jpeg2000':
    case 'htj2k':
      return (
        (b(0) === 0xff && b(1) === 0x4f && b(2) === 0xff && b(3) === 0x51) ||
        (b(0) === 0 && b(1) === 0 && b(2) === 0 && b(3) === 0x0c && b(4) === 0x6a && b(5) === 0x50)
      );
    default:
      return b(0) === 0xff && b(1) === 0xd8;
  }
}

function location(fragments: readonly dicomParser.Fragment[]): FrameLocation {
  const first = fragments[0];
  const last = fragments[fragments.length - 1];
  if (first === undefined || last === undefined) throw Errors.invalidPixelModule('a frame has no fragments');
  const offset = first.position - 8;
  return {
    offset,
    length: last.position + last.length - offset,
    fragments: fragments.map((f) => ({ offset: f.position, length: f.length })),
  };
}

/** Group fragments by frame from offsets relative to the first fragment's item header. */
function byOffsets(fragments: readonly dicomParser.Fragment[], offsets: readonly number[]): dicomParser.Fragment[][] {
  return offsets.map((start, index) => {
    const next = offsets[index + 1] ?? Number.POSITIVE_INFINITY;
    const group = fragments.filter((f) => f.offset >= start && f.offset < next);
    if (group.length === 0) throw Errors.invalidPixelModule(`offset table entry ${index} points at no fragment`);
    return group;
  });
}

function readExtendedOffsets(reader: ElementReader): number[] | undefined {
  const raw = reader.raw('x7fe00001');
  if (raw === undefined || raw.length === 0 || raw.length % 8 !== 0) return undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
  const offsets: number[] = [];
  for (let i = 0; i < raw.length; i += 8) offsets.push(Number(view.getBigUint64(i, reader.littleEndian)));
  return offsets;
}

export function encapsulatedFrames(
  reader: ElementReader,
  element: dicomParser.Element,
  frameCount: number,
  family: CodecFamily,
): Pick<PixelDataLayout, 'offsetTable' | 'frames'> {
  const fragments = element.fragments ?? [];
  if (fragments.length === 0) throw Errors.truncated('encapsulated pixel data holds no fragments');
  const bytes = reader.dataSet.byteArray as Uint8Array;
  for (const fragment of fragments) {
    if (fragment.position + fragment.length > bytes.length)
      throw Errors.truncated('a pixel data fragment runs past the end');
  }
  const extended = readExtendedOffsets(reader);
  if (extended !== undefined && extended.length === frameCount) {
    return { offsetTable: 'extended', frames: byOffsets(fragments, extended).map(location) };
  }
  const basic = element.basicOffsetTable ?? [];
  if (basic.length === frameCount && basic.length > 0) {
    return { offsetTable: 'basic', frames: byOffsets(fragments, basic).map(location) };
  }
  if (frameCount === 1) return { offsetTable: 'none', frames: [location(fragments)] };
  if (fragments.length === frameCount) return { offsetTable: 'none', frames: fragments.map((f) => location([f])) };
  const groups: dicomParser.Fragment[][] = [];
  for (const fragment of fragments) {
    const current = groups[groups.length - 1];
    if (current === undefined || startsFrame(bytes, fragment, family)) groups.push([fragment]);
    else current.push(fragment);
  }
  if (groups.length !== frameCount) {
    throw Errors.invalidPixelModule(
      `${fragments.length} fragments could not be mapped to ${frameCount} frames (found ${groups.length} frame starts)`,
    );
  }
  return { offsetTable: 'none', frames: groups.map(location) };
}
