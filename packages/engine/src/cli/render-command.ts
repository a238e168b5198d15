import type { ImageFormat, RenderOptionsInput } from '@lucent/shared';
import type { Engine } from '../pool/create-engine.js';
import { fileError } from './file-error.js';
import { type ErrorLine, lineForFile } from './result-line.js';
import { writeAtomically } from './write-atomically.js';

export type RenderLine =
  | { file: string; out: string; format: ImageFormat; width: number; height: number; bytes: number }
  | ErrorLine;

/** Render one file's frame and write the image atomically to `out`. */
export async function renderLine(
  engine: Engine,
  file: string,
  out: string,
  options: RenderOptionsInput,
): Promise<RenderLine> {
  return lineForFile(file, async (bytes) => {
    const image = await engine.render(bytes, options);
    try {
      await writeAtomically(out, image.data);
    } catch (error) {
      const { error: code, message } = fileError(error);
      return { file, error: code, message: `The output could not be written: ${message}` };
    }
    return { file, out, format: image.format, width: image.width, height: image.height, bytes: image.data.byteLength };
  });
}
