import { describe, expect, it } from 'vitest';
import { parseDicom } from '../dicom/parse-dicom.js';
import { isEngineError } from '../errors/engine-error.js';
import { readCorpusFile } from './corpus.test-util.js';
import { decodeFrame } from './decode-frame.js';
import { seededRandom } from './seeded-noise.test-util.js';

/**
 * Seeded mutation fuzzing of corpus files through parse + decode: every outcome is a decoded frame
 * or a typed EngineError — no other exception, no hang (each input under 2 s of CPU time), no dead
 * process.
 * Small files of every codec family keep 10,000+ mutations within a CI budget.
 */
const SEEDS = [0x5eed, 0xc0ffee];
const MUTATIONS_PER_SEED = 5_200;
const FILES = [
  'MR_small.dcm',
  'MR_small_implicit.dcm',
  'MR_small_bigendian.dcm',
  'MR_small_RLE.dcm',
  'MR_small_jp2klossless.dcm',
  'MR_small_jpeg_ls_lossless.dcm',
  'JPEGLSNearLossless_08.dcm',
  'SC_rgb_small_odd.dcm',
  'SC_rgb_small_odd_jpeg.dcm',
  'SC_rgb_rle.dcm',
  'SC_rgb_jpeg_gdcm.dcm',
  'SC_rgb_jpeg_dcmtk.dcm',
  'rtdose_rle.dcm',
  'ExplVR_BigEnd.dcm',
  'ExplVR_LitEndNoMeta.dcm',
  'image_dfl.dcm',
  'CT_small.dcm',
];

type Mutation = (bytes: Uint8Array, next: () => number) => Uint8Array;

const pick = (next: () => number, n: number) => Math.floor(next() * n);

/** Mutations biased towards the header (element tags, VRs and lengths) and codec headers. */
const mutations: Mutation[] = [
  (bytes, next) => {
    const out = bytes.slice();
    const count = 1 + pick(next, 8);
    for (let i = 0; i < count; i++) {
      const at = pick(next, out.length);
      out[at] = (out[at] as number) ^ (1 << pick(next, 8));
    }
    return out;
  },
  (bytes, next) => {
    const out = bytes.slice();
    const at = pick(next, Math.min(out.length, 2048));
    out[at] = pick(next, 256);
    return out;
  },
  (bytes, next) => bytes.slice(0, pick(next, bytes.length)),
  (bytes, next) => {
    // A 32-bit or 16-bit length-sized field set to an extreme.
    const out = bytes.slice();
    const at = pick(next, Math.max(1, out.length - 4));
    const view = new DataView(out.buffer);
    const extremes = [0, 0xffffffff, 0x7fffffff, 0xfffffffe, 1, 0xffff];
    view.setUint32(at, extremes[pick(next, extremes.length)] as number, true);
    return out;
  },
  (bytes, next) => {
    // Copy a random run over another position (duplicated tags, shifted structure).
    const out = bytes.slice();
    const length = 1 + pick(next, 64);
    const from = pick(next, Math.max(1, out.length - length));
    const to = pick(next, Math.max(1, out.length - length));
    out.copyWithin(to, from, from + length);
    return out;
  },
  (bytes, next) => {
    // Corrupt the start of the pixel data (codec headers live there).
    const out = bytes.slice();
    const tail = Math.max(0, out.length - 1 - pick(next, Math.min(out.length, 4096)));
    for (let i = 0; i < 4; i++) out[Math.min(out.length - 1, tail + i)] = pick(next, 256);
    return out;
  },
  (bytes, next) => {
    const cut = pick(next, bytes.length);
    const insert = new Uint8Array(1 + pick(next, 16)).map(() => pick(next, 256));
    const out = new Uint8Array(bytes.length + insert.length);
    out.set(bytes.subarray(0, cut));
    out.set(insert, cut);
    out.set(bytes.subarray(cut), cut + insert.length);
    return out;
  },
];

describe('fuzz: mutated corpus files give typed errors only', () => {
  const originals = FILES.map((file) => ({ file, bytes: readCorpusFile(file) }));

  for (const seed of SEEDS) {
    it(`seed ${seed.toString(16)}: ${MUTATIONS_PER_SEED} mutations`, { timeout: 600_000 }, async () => {
      const next = seededRandom(seed);
      const outcomes = { decoded: 0, typed: 0 };
      for (let i = 0; i < MUTATIONS_PER_SEED; i++) {
        const original = originals[i % originals.length] as { file: string; bytes: Uint8Array };
        const mutate = mutations[pick(next, mutations.length)] as Mutation;
        const input = mutate(original.bytes, next);
        const started = process.cpuUsage();
        const startedAt = performance.now();
        try {
          const parsed = parseDicom(input);
          if (parsed.frameInfo !== undefined && parsed.frames.length > 0) await decodeFrame(parsed, 0);
          outcomes.decoded++;
        } catch (error) {
          if (!isEngineError(error)) {
            throw new Error(`mutation ${i} of ${original.file} (seed ${seed}) threw ${String(error)}`);
          }
          outcomes.typed++;
        }
        // The lesser of wall time and this process's CPU time: other processes on a loaded machine
        // stretch wall time, other threads of this process (vitest workers) inflate CPU time; a
        // mutation that really runs away exceeds both.
        const used = process.cpuUsage(started);
        const elapsed = Math.min((used.user + used.system) / 1000, performance.now() - startedAt);
        expect(elapsed, `mutation ${i} of ${original.file} took ${elapsed.toFixed(0)} ms`).toBeLessThan(2000);
      }
      expect(outcomes.decoded + outcomes.typed).toBe(MUTATIONS_PER_SEED);
      // Both outcomes occur: the mutations are neither all harmless nor all fatal.
      expect(outcomes.decoded).toBeGreaterThan(0);
      expect(outcomes.typed).toBeGreaterThan(0);
    });
  }
});
