import type { FrameLocation } from '@lucent/shared';
import { describe, expect, it } from 'vitest';
import { loadManifest, readCorpusFile } from '../decode/corpus.test-util.js';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import {
  buildDicom,
  concat,
  encapsulatedPixelData,
  extendedOffsetTable,
  fragmentOffsets,
  imagePixelModule,
  pixelData,
} from './dataset-builder.test-util.js';
import { frameBytes } from './frame-bytes.js';
import { parseDicom } from './parse-dicom.js';
import { TransferSyntax } from './transfer-syntax.js';

/** What a reader holding only the frame's span (item headers included) can recover: the item values. */
function valuesOfSpan(bytes: Uint8Array, location: FrameLocation): Uint8Array {
  const span = bytes.subarray(location.offset, location.offset + location.length);
  if (location.fragments === undefined) return span;
  const view = new DataView(span.buffer, span.byteOffset, span.byteLength);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < span.length; ) {
    expect([view.getUint16(at, true), view.getUint16(at + 2, true)]).toEqual([0xfffe, 0xe000]);
    const length = view.getUint32(at + 4, true);
    parts.push(span.subarray(at + 8, at + 8 + length));
    at += 8 + length;
  }
  return concat(parts);
}

const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xdb, n, n, 0xff, 0xd9]);
const tail = (n: number) => new Uint8Array([n, n, n, n, 0xff, 0xd9]);

function encapsulated(uid: string, frames: number, fragments: Uint8Array[], table: number[] | 'auto' = []) {
  return buildDicom(
    [...imagePixelModule({ rows: 2, columns: 2, bitsAllocated: 8, frames }), encapsulatedPixelData(fragments, table)],
    {
      transferSyntaxUid: uid,
    },
  );
}

describe('native frame locations', () => {
  it('records each frame’s span; a span alone is the frame, returned without a copy', () => {
    const words = Array.from({ length: 12 }, (_, i) => i * 1000);
    const file = buildDicom([
      ...imagePixelModule({ rows: 2, columns: 2, bitsAllocated: 16, frames: 3 }),
      pixelData(words),
    ]);
    const parsed = parseDicom(file);
    expect(parsed.metadata.pixelData?.offsetTable).toBe('native');
    expect(parsed.frames.map((f) => f.length)).toEqual([8, 8, 8]);
    for (const [index, location] of parsed.frames.entries()) {
      const frame = frameBytes(parsed, index);
      expect(frame.buffer).toBe(file.buffer);
      expect(Array.from(valuesOfSpan(file, location))).toEqual(Array.from(frame));
      const values = new Uint16Array(frame.slice().buffer);
      expect(Array.from(values)).toEqual(words.slice(index * 4, index * 4 + 4));
    }
  });

  it('leaves out the padding byte of odd-length pixel data (SC_rgb_small_odd.dcm)', () => {
    const parsed = parseDicom(readCorpusFile('SC_rgb_small_odd.dcm'));
    expect(parsed.frames[0]?.length).toBe(27);
    expect(frameBytes(parsed, 0).length).toBe(27);
  });

  it('places 1-bit frames that do not start on a byte boundary, and shifts them to bit 0', () => {
    // 3×3 1-bit frames: frame 0 is bits 0–8, frame 1 bits 9–17 (byte 1, bit 1).
    const frame0 = [1, 0, 1, 1, 0, 0, 1, 0, 1];
    const frame1 = [0, 1, 1, 0, 1, 0, 0, 1, 1];
    const bits = [...frame0, ...frame1];
    const packed = new Uint8Array(4);
    for (const [i, bit] of bits.entries()) packed[i >> 3] = (packed[i >> 3] as number) | (bit << (i & 7));
    const parsed = parseDicom(
      buildDicom([...imagePixelModule({ rows: 3, columns: 3, bitsAllocated: 1, frames: 2 }), pixelData(packed, 'OB')]),
    );
    const [first, second] = parsed.frames;
    expect(first).toMatchObject({ length: 2, bitOffset: 0 });
    expect(second).toMatchObject({ offset: (first?.offset ?? 0) + 1, length: 2, bitOffset: 1 });
    const unpack = (bytes: Uint8Array) =>
      Array.from({ length: 9 }, (_, i) => ((bytes[i >> 3] as number) >> (i & 7)) & 1);
    expect(unpack(frameBytes(parsed, 0))).toEqual(frame0);
    expect(unpack(frameBytes(parsed, 1))).toEqual(frame1);
  });

  it('rejects indexes that are not frames', () => {
    const parsed = parseDicom(readCorpusFile('MR_small.dcm'));
    for (const index of [-1, 1, 0.5, Number.NaN])
      expect(errorCodeOfSync(() => frameBytes(parsed, index))).toBe('FRAME_OUT_OF_RANGE');
  });
});

describe('encapsulated frame locations', () => {
  const fragments = [jpeg(1), tail(1), jpeg(2), jpeg(3)];
  const expected = [concat([jpeg(1), tail(1)]), jpeg(2), jpeg(3)];

  function expectFrames(file: Uint8Array, offsetTable: string, frames: Uint8Array[]) {
    const parsed = parseDicom(file);
    expect(parsed.encapsulated).toBe(true);
    expect(parsed.metadata.pixelData?.offsetTable).toBe(offsetTable);
    expect(parsed.frames).toHaveLength(frames.length);
    for (const [index, frame] of frames.entries()) {
      expect(Array.from(frameBytes(parsed, index))).toEqual(Array.from(frame));
      expect(Array.from(valuesOfSpan(file, parsed.frames[index] as FrameLocation))).toEqual(Array.from(frame));
    }
    return parsed;
  }

  it('uses the Basic Offset Table', () => {
    // Start markers alone would make the second fragment a frame: only the table says otherwise.
    const misleading = [jpeg(1), jpeg(9), jpeg(2), jpeg(3)];
    const offsets = fragmentOffsets(misleading);
    const table = [offsets[0], offsets[2], offsets[3]] as number[];
    expectFrames(encapsulated(TransferSyntax.JpegBaseline, 3, misleading, table), 'basic', [
      concat([jpeg(1), jpeg(9)]),
      jpeg(2),
      jpeg(3),
    ]);
  });

  it('uses the Extended Offset Table (OV, explicit VR) before an empty Basic Offset Table', () => {
    const misleading = [jpeg(1), jpeg(9), jpeg(2), jpeg(3)];
    const offsets = fragmentOffsets(misleading);
    const file = buildDicom(
      [
        ...imagePixelModule({ rows: 2, columns: 2, bitsAllocated: 8, frames: 3 }),
        ...extendedOffsetTable([offsets[0], offsets[2], offsets[3]] as number[], [16, 8, 8]),
        encapsulatedPixelData(misleading),
      ],
      { transferSyntaxUid: TransferSyntax.JpegBaseline },
    );
    expectFrames(file, 'extended', [concat([jpeg(1), jpeg(9)]), jpeg(2), jpeg(3)]);
  });

  it('without a table: one fragment a frame when the counts match', () => {
    expectFrames(encapsulated(TransferSyntax.JpegBaseline, 4, fragments), 'none', fragments);
  });

  it('without a table: all fragments belong to a single frame', () => {
    expectFrames(encapsulated(TransferSyntax.JpegBaseline, 1, fragments), 'none', [concat(fragments)]);
  });

  it('without a table: splits at JPEG start markers', () => {
    expectFrames(encapsulated(TransferSyntax.JpegBaseline, 3, fragments), 'none', expected);
  });

  it('falls back to start markers when the Basic Offset Table does not fit the fragments', () => {
    expectFrames(encapsulated(TransferSyntax.JpegLsLossless, 3, fragments, [0, 3, 77]), 'none', expected);
  });

  it('splits JPEG 2000 at SOC+SIZ or a JP2 signature, HTJ2K at SOC+SIZ', () => {
    const soc = new Uint8Array([0xff, 0x4f, 0xff, 0x51, 0, 0x29]);
    const jp2 = new Uint8Array([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]);
    const parts = [soc, tail(1), jp2, tail(2), tail(3)];
    const frames = [concat([soc, tail(1)]), concat([jp2, tail(2), tail(3)])];
    expectFrames(encapsulated(TransferSyntax.Jpeg2000Lossless, 2, parts), 'none', frames);
    expectFrames(encapsulated(TransferSyntax.Htj2kLossless, 3, [soc, tail(1), soc, soc]), 'none', [
      concat([soc, tail(1)]),
      soc,
      soc,
    ]);
  });

  it('splits RLE at fragments that start with a segment header', () => {
    const rle = (segments: number) => {
      const header = new Uint8Array(70);
      const view = new DataView(header.buffer);
      view.setUint32(0, segments, true);
      for (let i = 0; i < segments; i++) view.setUint32(4 + i * 4, 64 + i * 2, true);
      return header;
    };
    const notHeader = new Uint8Array(70); // a segment count of 0
    const frames = [concat([rle(3), notHeader]), rle(1)];
    expectFrames(encapsulated(TransferSyntax.RleLossless, 2, [rle(3), notHeader, rle(1)]), 'none', frames);
  });
});

describe('frame locations of the corpus', () => {
  it('maps the 2 frames of CT0012 fragmented files without a Basic Offset Table', () => {
    for (const name of [
      'CT0012.fragmented_no_bot_jpeg_lossless.70.dcm',
      'CT0012.fragmented_no_bot_jpeg_baseline.51.dcm',
    ]) {
      const parsed = parseDicom(readCorpusFile(name));
      expect(parsed.metadata.pixelData?.offsetTable).toBe('none');
      expect(parsed.frames).toHaveLength(2);
      for (const location of parsed.frames) expect(location.fragments?.length).toBeGreaterThan(1);
      for (const index of [0, 1]) expect(Array.from(frameBytes(parsed, index).subarray(0, 2))).toEqual([0xff, 0xd8]);
    }
  });

  it('maps the 8 frames of IM00001 (JPEG baseline, no Basic Offset Table)', () => {
    const parsed = parseDicom(readCorpusFile('IM00001.fragmented_no_bot_jpeg_baseline.50.dcm'));
    expect(parsed.frames).toHaveLength(8);
    for (let i = 0; i < 8; i++) expect(Array.from(frameBytes(parsed, i).subarray(0, 2))).toEqual([0xff, 0xd8]);
  });

  it('every frame of every file: its recorded span alone recovers its bytes, and frames do not overlap', () => {
    for (const entry of loadManifest()) {
      if (entry.pixels !== undefined) continue;
      const bytes = readCorpusFile(entry.file);
      const parsed = parseDicom(bytes);
      if (parsed.metadata.pixelData?.offsetBase === 'inflated') continue;
      let previousEnd = 0;
      for (const [index, location] of parsed.frames.entries()) {
        expect(location.offset).toBeGreaterThanOrEqual(previousEnd);
        previousEnd = location.offset + location.length;
        if (location.bitOffset !== undefined && location.bitOffset !== 0) continue;
        expect(Buffer.from(valuesOfSpan(bytes, location)).equals(frameBytes(parsed, index))).toBe(true);
      }
    }
  });
});
