import { Errors } from '../../errors/engine-error.js';
import type { PixelArray } from '../../image/decoded-frame.js';
import type { EncodeFrameInfo } from './encoder-input.js';

const maxSegments = 15;
const headerBytes = 64;

/**
 * PackBits one row (PS3.5 G.3.1): replicate runs of 3–128 equal bytes, literal runs of up to 128
 * bytes otherwise. Writes into `out` at `at`, returns the new write position.
 */
function packRow(source: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  let i = start;
  let write = at;
  while (i < end) {
    const value = source[i] as number;
    let run = 1;
    while (i + run < end && run < 128 && source[i + run] === value) run++;
    if (run >= 3) {
      out[write++] = 257 - run;
      out[write++] = value;
      i += run;
      continue;
    }
    const literalStart = i;
    while (i < end && i - literalStart < 128) {
      if (i + 2 < end && source[i] === source[i + 1] && source[i] === source[i + 2]) break;
      i++;
    }
    out[write++] = i - literalStart - 1;
    out.set(source.subarray(literalStart, i), write);
    write += i - literalStart;
  }
  return write;
}

/**
 * Encode one frame as DICOM RLE Lossless (PS3.5 Annex G): one segment per byte of each sample,
 * most significant byte first, each row packed separately, segments padded to an even length.
 * `pixels` are interleaved samples of `frameInfo.bitsAllocated` (8, 16 or 32) bits.
 */
export function encodeRle(
  pixels: PixelArray,
  frameInfo: Pick<EncodeFrameInfo, 'rows' | 'columns' | 'samplesPerPixel' | 'bitsAllocated'>,
): Uint8Array {
  const { rows, columns, samplesPerPixel, bitsAllocated } = frameInfo;
  const bytesPerSample = bitsAllocated / 8;
  if (bytesPerSample !== 1 && bytesPerSample !== 2 && bytesPerSample !== 4) {
    throw Errors.invalidPixelModule(`RLE needs 8, 16 or 32 bits allocated, got ${bitsAllocated}`);
  }
  const segments = bytesPerSample * samplesPerPixel;
  if (segments > maxSegments)
    throw Errors.invalidPixelModule(`RLE allows at most ${maxSegments} segments, ${segments} needed`);
  const pixelCount = rows * columns;
  if (pixels.length !== pixelCount * samplesPerPixel || pixels.BYTES_PER_ELEMENT !== bytesPerSample) {
    throw Errors.invalidPixelModule('pixel array does not match the frame info');
  }
  const source = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  const plane = new Uint8Array(pixelCount);
  const worstSegment = pixelCount + rows * Math.ceil(columns / 128) + 1;
  const out = new Uint8Array(headerBytes + segments * worstSegment);
  const header = new DataView(out.buffer);
  header.setUint32(0, segments, true);
  let at = headerBytes;
  for (let segment = 0; segment < segments; segment++) {
    const sample = Math.floor(segment / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (segment % bytesPerSample); // little-endian host, MSB first
    const stride = samplesPerPixel * bytesPerSample;
    for (let i = 0, position = sample * bytesPerSample + byteInSample; i < pixelCount; i++, position += stride) {
      plane[i] = source[position] as number;
    }
    header.setUint32(4 + segment * 4, at, true);
    for (let row = 0; row < rows; row++) at = packRow(plane, row * columns, (row + 1) * columns, out, at);
    if (at % 2 === 1) out[at++] = 0;
  }
  return out.slice(0, at);
}
