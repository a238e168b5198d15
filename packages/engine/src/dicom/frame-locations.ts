import type { FrameLocation, ImagePixelModule } from '@lucent/shared';
import type dicomParser from 'dicom-parser';
import { Errors } from '../errors/engine-error.js';
import type { ElementReader } from './element-values.js';
import { startsFrame } from './frame-start-markers.js';
import type { CodecFamily } from './transfer-syntax.js';

export interface PixelDataLayout {
  encapsulated: boolean;
  offsetTable: 'basic' | 'extended' | 'none' | 'native';
  frames: FrameLocation[];
}

/** Frames larger than this are not images but corrupt attributes (2 GiB, the largest typed array we make). */
const MAX_FRAME_BYTES = 2 ** 31 - 1;

/** Bits one native frame occupies. YBR_FULL_422 stores two samples a pixel (Y1 Y2 Cb Cr a pair). */
export function nativeFrameBits(image: ImagePixelModule): number {
  const samples =
    image.photometricInterpretation === 'YBR_FULL_422' && image.samplesPerPixel === 3 ? 2 : image.samplesPerPixel;
  return image.rows * image.columns * samples * image.bitsAllocated;
}

/**
 * Native pixel data: frame i starts i × frame size into the value. 1-bit frames need not start on a
 * byte boundary (bitOffset). An odd-length value's padding byte belongs to no frame.
 */
export function nativeFrames(element: dicomParser.Element, image: ImagePixelModule, end: number): FrameLocation[] {
  const frameBits = nativeFrameBits(image);
  if (frameBits / 8 > MAX_FRAME_BYTES || !Number.isSafeInteger(frameBits * image.numberOfFrames)) {
    throw Errors.invalidPixelModule(`a ${image.columns}×${image.rows} frame of ${image.bitsAllocated}-bit samples`);
  }
  const valueEnd = element.dataOffset + (element.hadUndefinedLength === true ? 0 : element.length);
  const available = Math.min(valueEnd, end);
  const frames: FrameLocation[] = [];
  for (let index = 0; index < image.numberOfFrames; index++) {
    const startBit = index * frameBits;
    const offset = element.dataOffset + Math.floor(startBit / 8);
    const bitOffset = startBit % 8;
    const length = Math.ceil((bitOffset + frameBits) / 8);
    if (offset + length > available) {
      throw Errors.truncated(
        `frame ${index} needs ${length} bytes at ${offset}, the pixel data ends at ${available} (${image.numberOfFrames} frames declared)`,
      );
    }
    frames.push(image.bitsAllocated === 1 ? { offset, length, bitOffset } : { offset, length });
  }
  return frames;
}

/** One frame's span: from its first fragment's item header to its last fragment's end. */
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

/**
 * Group fragments by frame from offsets relative to the first fragment's item header (Basic and
 * Extended Offset Tables). Undefined when the offsets do not fit the fragments (a damaged table).
 */
function byOffsets(
  fragments: readonly dicomParser.Fragment[],
  offsets: readonly number[],
): dicomParser.Fragment[][] | undefined {
  if (offsets[0] !== 0) return undefined;
  const groups: dicomParser.Fragment[][] = [];
  for (const [index, start] of offsets.entries()) {
    const next = offsets[index + 1] ?? Number.POSITIVE_INFINITY;
    if (next <= start) return undefined;
    const group = fragments.filter((f) => f.offset >= start && f.offset < next);
    if (group.length === 0 || group[0]?.offset !== start) return undefined;
    groups.push(group);
  }
  return groups;
}

function readExtendedOffsets(reader: ElementReader): number[] | undefined {
  const raw = reader.raw('x7fe00001');
  if (raw === undefined || raw.length === 0 || raw.length % 8 !== 0) return undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
  const offsets: number[] = [];
  for (let i = 0; i < raw.length; i += 8) offsets.push(Number(view.getBigUint64(i, reader.littleEndian)));
  return offsets;
}

/** Without usable offsets: split where a codec bit stream starts (the first fragment always does). */
function byStartMarkers(bytes: Uint8Array, fragments: readonly dicomParser.Fragment[], family: CodecFamily) {
  const groups: dicomParser.Fragment[][] = [];
  for (const fragment of fragments) {
    const current = groups[groups.length - 1];
    if (current === undefined || startsFrame(bytes, fragment.position, fragment.length, family)) {
      groups.push([fragment]);
    } else current.push(fragment);
  }
  return groups;
}

/**
 * Encapsulated pixel data: the Extended Offset Table, else the Basic Offset Table, else one fragment
 * a frame when the counts match, all fragments for a single frame, or codec start markers.
 */
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
    if (fragment.position + fragment.length > bytes.length) {
      throw Errors.truncated('a pixel data fragment runs past the end');
    }
  }
  const extended = readExtendedOffsets(reader);
  const fromExtended = extended?.length === frameCount ? byOffsets(fragments, extended) : undefined;
  if (fromExtended !== undefined) return { offsetTable: 'extended', frames: fromExtended.map(location) };
  const basic = element.basicOffsetTable ?? [];
  const fromBasic = basic.length === frameCount ? byOffsets(fragments, basic) : undefined;
  if (fromBasic !== undefined) return { offsetTable: 'basic', frames: fromBasic.map(location) };
  if (frameCount === 1) return { offsetTable: 'none', frames: [location(fragments)] };
  if (fragments.length === frameCount) return { offsetTable: 'none', frames: fragments.map((f) => location([f])) };
  const groups = byStartMarkers(bytes, fragments, family);
  if (groups.length !== frameCount) {
    throw Errors.invalidPixelModule(
      `${fragments.length} fragments could not be mapped to ${frameCount} frames (found ${groups.length} frame starts)`,
    );
  }
  return { offsetTable: 'none', frames: groups.map(location) };
}
