import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadManifest, readCorpusFile } from '../decode/corpus.test-util.js';
import { decodeFrame } from '../decode/decode-frame.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import { renderFrame } from './render-frame.js';

/** Every decodable corpus image renders (each multi-frame file at its last frame too). */
describe('render over the corpus', () => {
  const renderable = loadManifest().filter((entry) => entry.frame0 !== undefined);

  for (const entry of renderable) {
    it(entry.file, async () => {
      const parsed = parseDicom(readCorpusFile(entry.file));
      const last = parsed.frames.length - 1;
      for (const index of new Set([0, last])) {
        const frame = await decodeFrame(parsed, index, { fitWithin: { width: 128, height: 128 } });
        const image = await renderFrame(frame, parsed.renderingAttributes(index), {
          width: 128,
          height: 128,
          format: 'png',
        });
        const meta = await sharp(image.data).metadata();
        expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(
          Math.min(128, Math.max(parsed.frameInfo?.columns ?? 0, parsed.frameInfo?.rows ?? 0)),
        );
        const colour = entry.samplesPerPixel === 3 || entry.photometricInterpretation === 'PALETTE COLOR';
        expect(meta.channels).toBe(colour ? 3 : 1);
        const stats = await sharp(image.data).stats();
        // Not a blank image: the window put the content somewhere in the grey range.
        expect(stats.channels.some((channel) => channel.max > channel.min)).toBe(true);
      }
    });
  }
});
