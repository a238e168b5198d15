import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '../decode/decode-frame.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import { wrapImageAsSecondaryCapture } from '../dicom-write/wrap-secondary-capture.js';
import { generateDemoStudies } from './generate-demo-studies.js';

/** Independent checks where the tools are installed: dicom3tools' dciodvfy, DCMTK's decompressors. */
const has = (tool: string) => spawnSync(tool, ['--version']).error === undefined;
const scratch = mkdtempSync(join(tmpdir(), 'lucent-validate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function demoFiles() {
  const files = await generateDemoStudies({
    seed: 11,
    slices: 2,
    ctSize: 128,
    syntaxes: ['explicit', 'rle', 'jpegls'],
    mrSlices: 1,
    mrSize: 128,
    multiframeFrames: 4,
    multiframeSize: 64,
  });
  return files.map((file) => {
    const path = join(scratch, file.name.replace('/', '_'));
    writeFileSync(path, file.bytes);
    return { name: file.name, path };
  });
}

describe('generated files under independent tools', () => {
  it.skipIf(!has('dciodvfy'))(
    'pass dicom3tools dciodvfy without errors (IOD and encoding)',
    async () => {
      const files = await demoFiles();
      const image = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#369' } })
        .jpeg()
        .toBuffer();
      const sc = join(scratch, 'sc.dcm');
      writeFileSync(sc, (await wrapImageAsSecondaryCapture({ image, patientId: 'V1' })).bytes);
      for (const path of [...files.map((f) => f.path), sc]) {
        const result = spawnSync('dciodvfy', ['-new', path], { encoding: 'utf8' });
        const errors = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.startsWith('Error'));
        expect(errors, path).toEqual([]);
      }
    },
    120_000,
  );

  it.skipIf(!has('dcmdrle') || !has('dcmdjpls'))(
    'decode in DCMTK to the same pixels as the native series',
    async () => {
      const files = await demoFiles();
      const pathOf = (name: string) => files.find((f) => f.name === name)?.path ?? '';
      const pixels = async (path: string, frame = 0) =>
        (await decodeFrame(parseDicom(readFileSync(path)), frame)).pixels;
      for (const [tool, name, native, frames] of [
        ['dcmdrle', 'ct-rle/CT0002.dcm', 'ct-explicit/CT0002.dcm', 1],
        ['dcmdjpls', 'ct-jpegls/CT0002.dcm', 'ct-explicit/CT0002.dcm', 1],
        ['dcmdrle', 'multiframe-rle/MF0001.dcm', 'multiframe-explicit/MF0001.dcm', 4],
      ] as const) {
        const out = join(scratch, `${tool}-${name.replace('/', '_')}`);
        execFileSync(tool, [pathOf(name), out]);
        for (let frame = 0; frame < frames; frame++) {
          expect(await pixels(out, frame), `${name} frame ${frame}`).toEqual(await pixels(pathOf(native), frame));
        }
      }
    },
    120_000,
  );
});
