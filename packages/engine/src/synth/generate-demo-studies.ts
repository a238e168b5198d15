import { randomInt } from 'node:crypto';
import { generateUid } from '../dicom-write/uid.js';
import { EngineError } from '../errors/engine-error.js';
import { ctSeries } from './ct-series.js';
import type { DemoStudy } from './demo-context.js';
import type { DemoFile } from './demo-file.js';
import { type DemoSyntax, demoSyntaxes } from './demo-syntax.js';
import { mrSeries } from './mr-series.js';
import { multiframeInstance } from './multiframe-instance.js';
import { deriveSeed, seededRandom } from './seeded-random.js';
import { ultrasoundSeries } from './ultrasound-series.js';

export const demoParts = ['ct', 'mr', 'ultrasound', 'multiframe'] as const;
export type DemoPart = (typeof demoParts)[number];

export interface DemoOptions {
  /** Which studies (default all): a CT series per syntax, MR, an RGB ultrasound, a multi-frame. */
  parts?: readonly DemoPart[];
  /** CT slices a series (default 16) and the syntaxes to write the CT series in (default all). */
  slices?: number;
  syntaxes?: readonly DemoSyntax[];
  /** CT image size (default 512). */
  ctSize?: number;
  /** MR slices a series (default 2), size (default 1024), syntaxes (default explicit and j2k). */
  mrSlices?: number;
  mrSize?: number;
  mrSyntaxes?: readonly DemoSyntax[];
  /** Ultrasound images (default 1, 640×480). */
  ultrasoundImages?: number;
  /** Multi-frame: frames (default 20), size (default 256), syntaxes (default explicit and rle). */
  multiframeFrames?: number;
  multiframeSize?: number;
  multiframeSyntaxes?: readonly DemoSyntax[];
  /** Same seed, same bytes (UIDs, noise, dates). Without one, UIDs and noise are fresh. */
  seed?: number;
  /** Study date and time (default: a fixed date when seeded, else now). */
  date?: Date;
}

const SEEDED_DATE = new Date(Date.UTC(2024, 0, 15, 9, 30, 0));

function count(value: number | undefined, fallback: number, name: string, min: number, max: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new EngineError('VALIDATION_FAILED', `${name} must be an integer from ${min} to ${max}`, { name });
  }
  return n;
}

function studyFor(part: DemoPart, seed: number | undefined, runSeed: number, date: Date): DemoStudy {
  const random = seed === undefined ? undefined : seededRandom(deriveSeed(runSeed, `uids-${part}`));
  const uid = () => generateUid(random);
  const description = {
    ct: 'Synthetic CT head phantom',
    mr: 'Synthetic MR head phantom',
    ultrasound: 'Synthetic ultrasound phantom',
    multiframe: 'Synthetic multi-frame phantom',
  }[part];
  const number = demoParts.indexOf(part) + 1;
  return {
    studyInstanceUid: uid(),
    date,
    description,
    accessionNumber: `DEMO${String(number).padStart(4, '0')}`,
    studyId: `DEMO-${number}`,
    uid,
  };
}

/**
 * Synthetic demo studies, one file at a time (so a large run need not sit in memory). No real
 * patient data: the patient is PHANTOM^DEMO, ID LUCENT-DEMO-0001.
 */
export async function* demoStudyFiles(options: DemoOptions = {}): AsyncGenerator<DemoFile> {
  const parts = new Set(options.parts ?? demoParts);
  const runSeed = options.seed ?? randomInt(2 ** 32);
  const date = new Date(options.date ?? (options.seed === undefined ? Date.now() : SEEDED_DATE));
  date.setUTCMilliseconds(0);
  const study = (part: DemoPart) => studyFor(part, options.seed, runSeed, date);
  if (parts.has('ct')) {
    const slices = count(options.slices, 16, 'slices', 1, 2000);
    const size = count(options.ctSize, 512, 'ctSize', 8, 4096);
    const ct = study('ct');
    const frameOfReferenceUid = ct.uid();
    for (const [i, syntax] of (options.syntaxes ?? demoSyntaxes).entries()) {
      yield* ctSeries({ study: ct, syntax, slices, size, seriesNumber: i + 1, frameOfReferenceUid, seed: runSeed });
    }
  }
  if (parts.has('mr')) {
    const slices = count(options.mrSlices, 2, 'mrSlices', 1, 500);
    const size = count(options.mrSize, 1024, 'mrSize', 8, 4096);
    const mr = study('mr');
    const frameOfReferenceUid = mr.uid();
    for (const [i, syntax] of (options.mrSyntaxes ?? ['explicit', 'j2k']).entries()) {
      yield* mrSeries({ study: mr, syntax, slices, size, seriesNumber: i + 1, frameOfReferenceUid, seed: runSeed });
    }
  }
  if (parts.has('ultrasound')) {
    const images = count(options.ultrasoundImages, 1, 'ultrasoundImages', 1, 1000);
    yield* ultrasoundSeries({ study: study('ultrasound'), images, seriesNumber: 1, seed: runSeed });
  }
  if (parts.has('multiframe')) {
    const frames = count(options.multiframeFrames, 20, 'multiframeFrames', 1, 1000);
    const size = count(options.multiframeSize, 256, 'multiframeSize', 8, 2048);
    const mf = study('multiframe');
    for (const [i, syntax] of (options.multiframeSyntaxes ?? ['explicit', 'rle']).entries()) {
      yield await multiframeInstance({ study: mf, syntax, frames, size, seriesNumber: i + 1, seed: runSeed });
    }
  }
}

/** All demo files in memory (see demoStudyFiles). Deterministic for a given seed. */
export async function generateDemoStudies(options: DemoOptions = {}): Promise<DemoFile[]> {
  const files: DemoFile[] = [];
  for await (const file of demoStudyFiles(options)) files.push(file);
  return files;
}
