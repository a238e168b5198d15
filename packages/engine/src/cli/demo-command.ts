import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DemoSyntax } from '../synth/demo-syntax.js';
import { type DemoPart, demoStudyFiles } from '../synth/generate-demo-studies.js';
import { writeAtomically } from './write-atomically.js';

export interface DemoCommandOptions {
  out: string;
  slices: number | undefined;
  syntaxes: DemoSyntax[] | undefined;
  parts: DemoPart[] | undefined;
  seed: number | undefined;
}

/** One JSON line a file written: its path and size. */
export interface DemoLine {
  file: string;
  bytes: number;
}

/**
 * Generate the synthetic demo studies into `out` (a folder a series), each file written atomically
 * as soon as it is made. Returns the number of files.
 */
export async function writeDemoStudies(options: DemoCommandOptions, line: (line: DemoLine) => void): Promise<number> {
  let count = 0;
  const files = demoStudyFiles({
    ...(options.slices === undefined ? {} : { slices: options.slices }),
    ...(options.syntaxes === undefined ? {} : { syntaxes: options.syntaxes }),
    ...(options.parts === undefined ? {} : { parts: options.parts }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  for await (const file of files) {
    const path = join(options.out, file.name);
    await mkdir(dirname(path), { recursive: true });
    await writeAtomically(path, file.bytes);
    line({ file: path, bytes: file.bytes.length });
    count++;
  }
  return count;
}
