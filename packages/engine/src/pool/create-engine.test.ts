import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest, readCorpusFile } from '../decode/corpus.test-util.js';
import { EngineError } from '../errors/engine-error.js';
import { createEngine, type Engine } from './create-engine.js';
import { rejectionCode } from './test-runner.test-util.js';

const CT = 'CT1_UNC.explicit_little_endian.dcm';
const RLE_TWO_FRAMES = 'CT0012.not_fragmented_bot_rle.dcm';

function manifestEntry(file: string) {
  const entry = loadManifest().find((candidate) => candidate.file === file);
  if (entry?.frame0 === undefined) throw new Error(`${file} is not in the manifest`);
  return { ...entry, frame0: entry.frame0 };
}

let engine: Engine;

beforeAll(() => {
  engine = createEngine({ threads: 2 });
});

afterAll(async () => {
  await engine.close();
});

describe('createEngine: decoding through the pool', () => {
  it('decodes CT frame 0 to the manifest hash, pixels transferred back intact', async () => {
    const expected = manifestEntry(CT);
    const frame = await engine.decode(readCorpusFile(CT));
    expect(frame.info).toMatchObject({ rows: 512, columns: 512, bitsAllocated: 16, pixelRepresentation: 1 });
    expect(frame.pixels).toBeInstanceOf(Int16Array);
    expect(frame.pixels.length).toBe(512 * 512);
    // The buffer came back whole (transferred), not as a view into something larger.
    expect(frame.pixels.byteOffset).toBe(0);
    expect(frame.pixels.buffer.byteLength).toBe(frame.pixels.byteLength);
    const summary = await engine.decodeSummary(readCorpusFile(CT));
    expect(summary.sha256).toBe(expected.frame0.sha256);
    expect(summary).toMatchObject({ frame: 0, frames: 1, min: expected.frame0.min, max: expected.frame0.max });
    expect(summary.mean).toBeCloseTo(expected.frame0.mean, 3);
  });

  it('decodes a later frame when asked, and answers a missing one with FRAME_OUT_OF_RANGE', async () => {
    const summary = await engine.decodeSummary(readCorpusFile(RLE_TWO_FRAMES), { frame: 1 });
    expect(summary).toMatchObject({ frame: 1, frames: 2 });
    const error = await engine.decode(readCorpusFile(RLE_TWO_FRAMES), { frame: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('FRAME_OUT_OF_RANGE');
    expect((error as EngineError).details).toEqual({ frame: 2, frames: 2 });
  });

  it('returns the metadata model from info', async () => {
    const metadata = await engine.info(readCorpusFile(CT));
    expect(metadata.image).toMatchObject({ rows: 512, columns: 512, numberOfFrames: 1 });
    expect(metadata.instance.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
  });

  it('answers bytes that are not DICOM with INVALID_DICOM', async () => {
    const bytes = new TextEncoder().encode('this is a text file, not a DICOM instance at all');
    expect(await rejectionCode(engine.info(bytes))).toBe('INVALID_DICOM');
  });
});

describe('createEngine: input buffers', () => {
  it('transfers an input that owns its buffer, detaching it in the caller', async () => {
    const bytes = readCorpusFile(CT);
    await engine.info(bytes);
    expect(bytes.buffer.byteLength).toBe(0);
  });

  it('keeps the input intact with copy: true', async () => {
    const bytes = readCorpusFile(CT);
    const length = bytes.byteLength;
    await engine.info(bytes, { copy: true });
    expect(bytes.byteLength).toBe(length);
  });

  it('copies a view into a larger buffer instead of taking the whole buffer', async () => {
    const file = readCorpusFile(CT);
    const larger = new Uint8Array(file.byteLength + 64);
    larger.set(file, 32);
    const view = larger.subarray(32, 32 + file.byteLength);
    const metadata = await engine.info(view);
    expect(metadata.image?.rows).toBe(512);
    expect(larger.byteLength).toBe(file.byteLength + 64);
  });

  it('does not detach the input of a call that was rejected before it ran', async () => {
    const bytes = readCorpusFile(CT);
    const controller = new AbortController();
    controller.abort();
    expect(await rejectionCode(engine.info(bytes, { signal: controller.signal }))).toBe('ENGINE_ABORTED');
    expect(bytes.byteLength).toBeGreaterThan(0);
  });
});

describe('createEngine: rendering', () => {
  it('renders a PNG of the requested size', async () => {
    const image = await engine.render(readCorpusFile(CT), { width: 128, height: 128, format: 'png' });
    expect(image).toMatchObject({ format: 'png', mimeType: 'image/png', width: 128, height: 128 });
    const metadata = await sharp(image.data).metadata();
    expect(metadata).toMatchObject({ format: 'png', width: 128, height: 128 });
  });

  it('rejects invalid render options at once with INVALID_RENDER_OPTIONS, input untouched', async () => {
    const bytes = readCorpusFile(CT);
    expect(await rejectionCode(engine.render(bytes, { quality: 0 }))).toBe('INVALID_RENDER_OPTIONS');
    expect(bytes.byteLength).toBeGreaterThan(0);
  });
});

describe('createEngine: options and lifecycle', () => {
  it('rejects invalid engine options with VALIDATION_FAILED naming each problem', () => {
    let caught: unknown;
    try {
      createEngine({ threads: 0, maxQueue: -1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineError);
    expect((caught as EngineError).code).toBe('VALIDATION_FAILED');
    expect((caught as EngineError).message).toMatch(/threads/);
    expect((caught as EngineError).message).toMatch(/maxQueue/);
  });

  it('rejects an invalid per-call timeout with VALIDATION_FAILED', async () => {
    expect(await rejectionCode(engine.ping({ timeoutMs: -5 }))).toBe('VALIDATION_FAILED');
  });

  it('pings, then rejects with ENGINE_CLOSED once closed', async () => {
    const own = createEngine({ threads: 1 });
    await expect(own.ping()).resolves.toBeUndefined();
    expect(own.stats().completed).toBe(1);
    await own.close();
    expect(await rejectionCode(own.ping())).toBe('ENGINE_CLOSED');
    expect(await rejectionCode(own.decode(readCorpusFile(CT)))).toBe('ENGINE_CLOSED');
  });
});
