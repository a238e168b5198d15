import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadManifest, readCorpusFile } from '../decode/corpus.test-util.js';
import { decodeFrame } from '../decode/decode-frame.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import { renderFrame } from '../render/render-frame.js';
import { decodeFrameParts, type FrameParts, pixelDataStart } from './frame-parts.js';

/** The parts a server reads: the prefix up to frame 0, and frame `index`'s fragments (or span). */
function partsOf(bytes: Uint8Array, index: number): FrameParts {
  const parsed = parseDicom(bytes);
  const first = parsed.frames[0];
  const location = parsed.frames[index];
  if (first === undefined || location === undefined) throw new Error('no frames');
  const spans = location.fragments ?? [{ offset: location.offset, length: location.length }];
  const frame = new Uint8Array(spans.reduce((sum, span) => sum + span.length, 0));
  let at = 0;
  for (const span of spans) {
    frame.set(bytes.subarray(span.offset, span.offset + span.length), at);
    at += span.length;
  }
  return { prefix: bytes.slice(0, first.offset), frame, index };
}

const digest = (view: ArrayBufferView) =>
  createHash('sha256')
    .update(new Uint8Array(view.buffer, view.byteOffset, view.byteLength))
    .digest('hex');

const framed = loadManifest().filter((entry) => {
  if (entry.frame0 === undefined) return false;
  const parsed = parseDicom(readCorpusFile(entry.file));
  return parsed.metadata.pixelData?.offsetBase === 'file' && parsed.frames.every((f) => (f.bitOffset ?? 0) === 0);
});

describe('decodeFrameParts', () => {
  it('covers most of the corpus', () => {
    expect(framed.length).toBeGreaterThan(35);
  });

  it.each(framed.map((entry) => entry.file))('decodes every frame of %s like the whole file does', async (file) => {
    const bytes = readCorpusFile(file);
    const parsed = parseDicom(bytes);
    for (let index = 0; index < parsed.frames.length; index++) {
      const whole = await decodeFrame(parsed, index);
      const parts = await decodeFrameParts(partsOf(bytes, index));
      expect(parts.frame.info).toEqual(whole.info);
      expect(digest(parts.frame.pixels)).toBe(digest(whole.pixels));
      expect(parts.attributes).toEqual(parsed.renderingAttributes(index));
    }
  });

  it('renders the same JPEG from parts as from the whole file', async () => {
    const bytes = readCorpusFile('CT1_UNC.explicit_little_endian.dcm');
    const parsed = parseDicom(bytes);
    const whole = await renderFrame(await decodeFrame(parsed, 0), parsed.renderingAttributes(0), { width: 128 });
    const parts = await decodeFrameParts(partsOf(bytes, 0));
    const fromParts = await renderFrame(parts.frame, parts.attributes, { width: 128 });
    expect(digest(fromParts.data)).toBe(digest(whole.data));
  });

  it('answers a frame past the end with FRAME_OUT_OF_RANGE and a wrong prefix with INVALID_DICOM', async () => {
    const bytes = readCorpusFile('CT0012.not_fragmented_bot_rle.dcm');
    await expect(decodeFrameParts({ ...partsOf(bytes, 1), index: 2 })).rejects.toMatchObject({
      code: 'FRAME_OUT_OF_RANGE',
    });
    const parts = partsOf(bytes, 0);
    expect(() => pixelDataStart(parts.prefix.subarray(0, parts.prefix.length - 3))).toThrow(/first frame/);
  });
});
