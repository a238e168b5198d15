/**
 * The floor under a cold full-size render: for one instance of each HTTP-bench dataset, in this
 * thread, the CPU of rendering its frame (window + JPEG, as the engine does), of the JPEG encode
 * alone (the engine's encodeImage: libjpeg-turbo), of the same encode through sharp (libvips, what
 * the engine used before), and of reading and decrypting the frame from a file encrypted at rest
 * (what an engine worker does before decoding), in process CPU milliseconds per image (all threads
 * included), one image at a time. Compare with the CPU a whole request costs (`pnpm bench:cpu --case
 * full`): a server cannot answer faster than this per core. `pnpm bench:render-floor [--repeat N]`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  decodeFrame,
  decodeHeader,
  encodeImage,
  HEADER_BYTES,
  parseDicom,
  readStoredBytes,
  renderFrame,
  sealFile,
  toDisplayPixels,
  unwrapDataKey,
  withTransientReads,
} from '@lucent/engine';
import sharp from 'sharp';
import { datasetIds, oneInstanceOf } from './workload-data.js';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '100' } } });
const repeat = Math.max(10, Number(values.repeat) || 100);

/** Process CPU (all threads) and wall time per call, after a few unmeasured calls. */
async function cost(run: () => unknown): Promise<{ cpuMs: number; wallMs: number }> {
  for (let i = 0; i < 5; i++) await run();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) await run();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000 / repeat, wallMs: wall / repeat };
}

const cell = (measured: { cpuMs: number; wallMs: number }, width: number) =>
  `${measured.cpuMs.toFixed(2)} (${measured.wallMs.toFixed(2)})`.padStart(width);

const ring = { activeKeyId: 'bench', keys: { bench: new Uint8Array(randomBytes(32)) } };
const directory = await mkdtemp(join(tmpdir(), 'lucent-render-floor-'));
try {
  console.log('CPU ms per image (wall ms in parentheses)');
  console.log('dataset    output             render   JPEG encode   JPEG via sharp   read+decrypt frame');
  for (const id of datasetIds) {
    const bytes = await oneInstanceOf(id);
    const parsed = parseDicom(bytes);
    const frame = await decodeFrame(parsed, 0);
    const attributes = parsed.renderingAttributes(0);
    const options = { format: 'jpeg' as const, quality: 90 };
    const rendered = await renderFrame(frame, attributes, options);
    const display = toDisplayPixels(frame, attributes);
    const raw = { width: display.width, height: display.height, channels: display.channels };
    const viaSharp = () => {
      const image = sharp(display.data, { raw });
      return (display.channels === 1 ? image.toColourspace('b-w') : image)
        .jpeg({ quality: 90, optimiseCoding: false })
        .toBuffer();
    };
    // The frame as a worker reads it: its span of the file, sealed as the blob store writes files.
    const path = join(directory, `${id}.dcm`);
    const sealed = Buffer.concat([...sealFile(bytes, id, ring)]);
    await writeFile(path, sealed);
    const header = decodeHeader(sealed.subarray(0, HEADER_BYTES));
    const location = parsed.frames[0];
    if (location === undefined) continue;
    const ref = {
      path,
      spans: [{ offset: location.offset, length: location.length }],
      envelope: { ...header, dataKey: unwrapDataKey(header, id, ring) },
    };
    console.log(
      [
        id.padEnd(9),
        `${rendered.width}×${rendered.height}×${display.channels}`.padEnd(13),
        cell(await cost(() => renderFrame(frame, attributes, options)), 13),
        cell(await cost(() => encodeImage(display, options)), 13),
        cell(await cost(viaSharp), 16),
        // In the thread's scratch memory, as a render task reads it.
        cell(await cost(() => withTransientReads(async (transient) => readStoredBytes(ref, { transient }))), 20),
      ].join(' '),
    );
  }
} finally {
  await rm(directory, { recursive: true, force: true });
}
