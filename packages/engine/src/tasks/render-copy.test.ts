import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpusFile } from '../decode/corpus.test-util.js';
import { decodeFrame } from '../decode/decode-frame.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import { renderFrame, renderSource } from '../render/render-frame.js';
import { decodeDecodedCopy, encodeDecodedCopy } from '../stored-files/decoded-copy.js';
import { decodeParts } from './decode-parts.js';
import { pixelDataStart } from './frame-parts.js';
import { renderCopy } from './render-copy.js';

const BOX = { width: 128, height: 128 };
const SHA = 'e'.repeat(64);

describe('reduced copies rendered from a stored file', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'lucent-render-copy-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function reducedCopyOf(name: string) {
    const bytes = readCorpusFile(name);
    const parsed = parseDicom(bytes);
    const frame = parsed.frames[0];
    if (frame === undefined) throw new Error('no frame');
    const prefix = bytes.slice(0, frame.offset);
    expect(pixelDataStart(prefix)).toBeGreaterThan(0);
    const reduced = await decodeParts({
      parts: { prefix, frame: bytes.slice(frame.offset, frame.offset + frame.length), index: 0 },
      reduceWithin: BOX,
    });
    return { parsed, reduced };
  }

  it('renders the same image from the box-reduced source as from the whole frame', async () => {
    const { parsed, reduced } = await reducedCopyOf('liver_1frame.dcm');
    expect(reduced.frame.info).toMatchObject({ rows: 128, columns: 128 });
    const options = {
      ...BOX,
      format: 'jpeg' as const,
      quality: 90,
      window: { center: 40, width: 400, function: 'LINEAR' as const },
    };
    const whole = await renderFrame(await decodeFrame(parsed, 0), parsed.renderingAttributes(0), options);
    const fromSource = await renderFrame(reduced.frame, reduced.attributes, options);
    expect(Buffer.from(fromSource.data).equals(Buffer.from(whole.data))).toBe(true);
    // renderSource of the reduced frame for the same box is that frame itself.
    expect(renderSource(reduced.frame, reduced.attributes, BOX.width, BOX.height)).toBe(reduced.frame);
  });

  it('reads the copy in the worker and renders it; another version, box or a missing file do not render', async () => {
    const { reduced } = await reducedCopyOf('liver_1frame.dcm');
    const bytes = encodeDecodedCopy(reduced, { sha256: SHA, within: BOX });
    const path = join(folder, 'liver.reduced');
    await writeFile(path, bytes);
    const copy = { path, spans: [{ offset: 0, length: bytes.length }] };
    const options = { ...BOX, format: 'png' as const };
    const image = await renderCopy({ copy, expect: { sha256: SHA, within: BOX }, options });
    const direct = await renderFrame(reduced.frame, reduced.attributes, options);
    expect(image && Buffer.from(image.data).equals(Buffer.from(direct.data))).toBe(true);
    expect(await renderCopy({ copy, expect: { sha256: 'f'.repeat(64), within: BOX }, options })).toBeUndefined();
    expect(
      await renderCopy({ copy, expect: { sha256: SHA, within: { width: 64, height: 64 } }, options }),
    ).toBeUndefined();
    expect(await renderCopy({ copy, expect: { sha256: SHA }, options })).toBeUndefined();
    await expect(
      renderCopy({ copy: { ...copy, path: join(folder, 'gone') }, expect: { sha256: SHA, within: BOX }, options }),
    ).rejects.toMatchObject({ code: 'STORED_FILE_MISSING' });
  });

  it('refuses truncated or inconsistent copies instead of rendering garbage', async () => {
    const { reduced } = await reducedCopyOf('liver_1frame.dcm');
    const bytes = encodeDecodedCopy(reduced, { sha256: SHA, within: BOX });
    const expectation = { sha256: SHA, within: BOX };
    expect(decodeDecodedCopy(bytes, expectation, 'view')?.frame.pixels.length).toBe(128 * 128);
    expect(decodeDecodedCopy(bytes.subarray(0, bytes.length - 2), expectation, 'view')).toBeUndefined();
    expect(decodeDecodedCopy(bytes.subarray(0, 20), expectation, 'view')).toBeUndefined();
    const badJson = bytes.slice();
    badJson[8] = 0x7b + 1;
    expect(decodeDecodedCopy(badJson, expectation, 'view')).toBeUndefined();
    const shared = decodeDecodedCopy(bytes, expectation, 'shared');
    expect(shared?.frame.pixels.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
