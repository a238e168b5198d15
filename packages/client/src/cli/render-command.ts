import type { LucentClient } from '../create-lucent-client.js';
import type { RenderedImageOptions } from '../image-urls.js';
import { type CliOutput, ExitCode } from './cli-output.js';
import { formatBytes } from './format-bytes.js';
import { writeAtomically } from './write-atomically.js';

const ACCEPT: Record<NonNullable<RenderedImageOptions['format']>, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
};

/** `lucent render`: GET /api/v1/images/{sop}/rendered and write the image to --out (atomically). */
export async function runRender(
  client: LucentClient,
  command: { sopInstanceUid: string; out: string; options: RenderedImageOptions },
  output: CliOutput,
): Promise<number> {
  const accept = command.options.format === undefined ? 'image/jpeg' : ACCEPT[command.options.format];
  const image = await client.images.render(command.sopInstanceUid, command.options, { accept });
  await writeAtomically(command.out, image.bytes);
  output.stdout(`wrote ${command.out} (${image.contentType}, ${formatBytes(image.bytes.byteLength)})`);
  return ExitCode.ok;
}
