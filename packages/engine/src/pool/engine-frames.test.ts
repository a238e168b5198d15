import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpusFile } from '../decode/corpus.test-util.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import type { FrameParts } from '../tasks/frame-parts.js';
import { createEngine, type Engine } from './create-engine.js';

let engine: Engine;
beforeAll(() => {
  engine = createEngine({ threads: 1 });
});
afterAll(async () => {
  await engine.close();
});

function partsOf(file: string, index: number): FrameParts & { frame: Uint8Array } {
  const bytes = readCorpusFile(file);
  const parsed = parseDicom(bytes);
  const first = parsed.frames[0];
  const location = parsed.frames[index];
  if (first === undefined || location === undefined) throw new Error('no such frame');
  const spans = location.fragments ?? [{ offset: location.offset, length: location.length }];
  const frame = new Uint8Array(spans.reduce((sum, span) => sum + span.length, 0));
  let at = 0;
  for (const span of spans) {
    frame.set(bytes.subarray(span.offset, span.offset + span.length), at);
    at += span.length;
  }
  return { prefix: bytes.slice(0, first.offset), frame, index };
}

describe('engine frame methods through the pool', () => {
  it('renders frame 2 of a multi-frame file from its parts and keeps the decoded frame when asked', async () => {
    const parts = partsOf('CT0012.not_fragmented_bot_rle.dcm', 1);
    const { image, decoded } = await engine.renderParts(parts, { format: 'png' }, { keepDecoded: true });
    expect(parts.frame.byteLength).toBe(0); // transferred
    expect(image).toMatchObject({ format: 'png', width: 512, height: 512 });
    expect(decoded?.frame.info).toMatchObject({ rows: 512, columns: 512 });
    expect(decoded?.frame.pixels.length).toBe(512 * 512);
  });

  it('returns no decoded frame when JPEG 2000 decoded at a reduced resolution', async () => {
    const parts = partsOf('693_J2KI.dcm', 0);
    const { image, decoded } = await engine.renderParts(parts, { width: 128, height: 128 }, { keepDecoded: true });
    expect(image.width).toBe(128);
    expect(decoded).toBeUndefined();
  });

  it('renders a decoded frame held in a SharedArrayBuffer, the same image as from the parts', async () => {
    const decoded = await engine.decodeParts(partsOf('CT1_UNC.explicit_little_endian.dcm', 0));
    const shared = new Int16Array(new SharedArrayBuffer(decoded.frame.pixels.byteLength));
    shared.set(decoded.frame.pixels as Int16Array);
    const options = { width: 256, window: { center: 40, width: 400 } };
    const fromShared = await engine.renderDecoded({ ...decoded, frame: { ...decoded.frame, pixels: shared } }, options);
    const fromParts = await engine.renderParts(partsOf('CT1_UNC.explicit_little_endian.dcm', 0), options);
    expect(shared.length).toBe(512 * 512);
    expect(Buffer.from(fromShared.data).equals(Buffer.from(fromParts.image.data))).toBe(true);
  });

  it('rejects bad render options before queueing, with INVALID_RENDER_OPTIONS', async () => {
    const parts = partsOf('CT_small.dcm', 0);
    await expect(engine.renderParts(parts, { quality: 0 })).rejects.toMatchObject({ code: 'INVALID_RENDER_OPTIONS' });
    expect(parts.frame.byteLength).toBeGreaterThan(0);
  });
});
